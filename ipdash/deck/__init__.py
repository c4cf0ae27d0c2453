"""The meeting deck: PPTX (python-pptx), chart PNGs (kaleido + Debian Chromium), PDF (LibreOffice)."""
