# generated from spec 2fa849c4beccda57 by unispec 0.1.0, do not edit
"""The client's resources, one module each; the client imports each on first use."""
