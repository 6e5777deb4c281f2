"""Screenshots, photos and QR codes: read what a picture says and where its codes lead.

`analyze_image(data)` → `ImageVerdict`: the text Verdict of the OCR text with the red flags'
boxes on the picture, every decoded QR code/barcode classified (URL → link analyzer, messenger
login QR → account takeover, payment QR → whom it pays, Wi-Fi, text), and the combined verdict.
"""

from saqbol.images.analyze import analyze_image
from saqbol.images.load import MAX_BYTES, MAX_PIXELS, ImageError
from saqbol.images.models import Box, Code, Highlight, ImageVerdict, Payee, Word

__all__ = [
    "MAX_BYTES",
    "MAX_PIXELS",
    "Box",
    "Code",
    "Highlight",
    "ImageError",
    "ImageVerdict",
    "Payee",
    "Word",
    "analyze_image",
]
