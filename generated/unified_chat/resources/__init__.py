# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""The client's resources, one module each; the client imports each on first use."""
