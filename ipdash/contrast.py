"""WCAG 2.x colour contrast, and text shades of the status colours that pass it (no dependencies).

The status colours (``status_meta.STATUS_META``, Okabe–Ito) stay the fills of bars, tiles and
badges; text set in a status colour uses ``text_colour(fill)`` — the same hue darkened just enough
to reach 4.5:1 against its background (WCAG AA for body text). 存在风险 #E69F00 is 2.25:1 on white;
its text shade is #9C6C00.

    contrast("#E69F00", "#FFFFFF")   # 2.25
    text_colour("#E69F00")           # "#9C6C00" (4.6:1 on white)
"""

from __future__ import annotations

AA = 4.5  # WCAG 2.x AA, normal-size text


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.strip().lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02X}" for v in rgb)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.x, sRGB)."""

    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """Contrast ratio (1–21) of two colours."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour(colour: str, background: str = "#FFFFFF", minimum: float = AA) -> str:
    """``colour`` itself when it reads on ``background`` at ``minimum``:1, else the same hue
    darkened (on a light background) or lightened (on a dark one) in small steps until it does."""
    if contrast(colour, background) >= minimum:
        return _hex(_rgb(colour))
    r, g, b = _rgb(colour)
    dark_bg = luminance(background) < 0.18
    for step in range(1, 101):
        k = step / 100
        if dark_bg:
            shade = (r + (255 - r) * k, g + (255 - g) * k, b + (255 - b) * k)
        else:
            shade = (r * (1 - k), g * (1 - k), b * (1 - k))
        out = _hex(shade)
        if contrast(out, background) >= minimum:
            return out
    return "#000000" if not dark_bg else "#FFFFFF"
