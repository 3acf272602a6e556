# frictionless: run from the package's top folder (where datapackage.json is).
from frictionless import Package

package = Package("datapackage.json")
# Rows typed by the Table Schema: integers, booleans and dates as Python values, empty as None.
meetings = package.get_resource("meetings").read_rows()
held = [row for row in meetings if row["status"] == "held"]
print(f"{len(held)} meetings held, the first on {held[0]['start_date'].isoformat()}")
