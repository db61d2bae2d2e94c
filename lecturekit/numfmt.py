"""Number formatters for computed text: the only way numbers are turned into words."""
import math


def num(x, digits=0):
    """196608 -> '196,608'; num(0.7936, 2) -> '0.79'."""
    return f"{x:,.{digits}f}"


_SI = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]


def si(x, digits=1):
    """Short counts: 196608 -> '197K', 4718592 -> '4.7M', 175e9 -> '175B'.

    Three significant figures at most, so '197K' not '196.6K'; trailing '.0' dropped.
    """
    for scale, suffix in _SI:
        if abs(x) >= scale * 0.9995:
            value = x / scale
            d = 0 if abs(value) >= 100 else digits
            return f"{value:,.{d}f}".removesuffix(".0") + suffix
    return num(x, 0 if float(x).is_integer() else digits)


_BYTES = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]


def nbytes(x, digits=1):
    """Decimal units, as the papers count: 350e9 -> '350 GB', 2.1e12 -> '2.1 TB'."""
    for scale, unit in _BYTES:
        if abs(x) >= scale * 0.9995:
            value = x / scale
            d = 0 if abs(value) >= 100 else digits
            return f"{value:,.{d}f}".removesuffix(".0") + " " + unit
    return f"{x:,.0f} bytes"


def pct(fraction, digits=2):
    """0.0013 -> '0.13%'."""
    return f"{fraction * 100:,.{digits}f}%"


def times(x, digits=0):
    """768.0 -> '768×'."""
    return f"{x:,.{digits}f}×"


def usd(x, digits=0):
    """3750 -> '$3,750'. The dollar sign is escaped so Markdown never reads it as math."""
    return f"\\${x:,.{digits}f}"


FORMATTERS = {
    "num": num, "si": si, "nbytes": nbytes, "pct": pct, "times": times, "usd": usd,
    "min": min, "max": max, "round": round, "abs": abs, "ceil": math.ceil, "floor": math.floor,
}
