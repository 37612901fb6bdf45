"""Routes and query parameters described as data, for validation and OpenAPI documents."""
