"""The lab: course data and experiments that use cybenko through its torch-shaped API."""
