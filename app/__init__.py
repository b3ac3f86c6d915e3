"""Ward Office — Văn phòng điện tử phường: e-office desktop suite for a ward People's Committee."""

__version__ = "0.1.0"
