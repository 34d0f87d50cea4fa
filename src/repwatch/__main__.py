from repwatch.cli import start

start()
