"""Running the workbench: health and readiness endpoints, request ids and JSON logs."""
