# Read by the flask command (python-dotenv) in this checkout: the workbench runs on its embedded
# default. Production deployments set FACTCHECK_CONFIG=production, SECRET_KEY and DATABASE_URL instead.
FACTCHECK_CONFIG=development
