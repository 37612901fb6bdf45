"""The Starlette application: JSON API, Open Referral UK API and pages."""
