"""Images and vision datasets with torchvision's names: `cybenko.vision.io.read_image`,
`cybenko.vision.datasets.MNIST`, and `cybenko.vision.fastai.untar_data` for the notes' fastai
MNIST folders.

    import cybenko.vision as torchvision
    img = torchvision.io.read_image("digit.png")       # uint8 tensor C×H×W
"""

from . import datasets, io
from .datasets import MNIST
from .io import ImageReadMode, decode_png, encode_png, read_image, write_png

__all__ = [
    "MNIST",
    "ImageReadMode",
    "datasets",
    "decode_png",
    "encode_png",
    "io",
    "read_image",
    "write_png",
]
