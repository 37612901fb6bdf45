"""The SEND Local Offer directory: importers, search, JSON and Open Referral UK APIs, pages."""

__version__ = "0.1.0"
