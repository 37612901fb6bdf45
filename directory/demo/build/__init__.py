"""Build the Barnet demonstration feed and the search-relevance judgments from readable content.

``content/organisations.toml``, ``content/venues.toml`` and ``content/services_*.toml`` hold the
directory as a content designer writes it; ``content/judgments.toml`` holds the graded queries by
service slug. ``python -m directory.demo.build`` turns them into
``directory/demo/barnet_services.json`` (ORUK 3.0) and ``tests/relevance/judgments.toml`` (by
service id). Everything is deterministic: ids are UUID v5 of slugs and dates count back from a
fixed "as of" date, so rebuilding an unchanged source gives the same bytes.
"""
