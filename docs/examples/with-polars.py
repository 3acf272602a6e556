# polars: run from the package's top folder (where datapackage.json is).
import polars as pl

# Every column as text (no type guessing); an empty cell becomes null.
commitments = pl.read_csv("data/commitments.csv", infer_schema=False)
# Parquet keeps the types.
meetings = pl.read_parquet("data/meetings.parquet")

# Sentences of each kind, and the meetings whose statements they are.
by_kind = commitments.group_by("kind").len().sort("kind")
for kind, count in by_kind.iter_rows():
    print(f"{count:3}  {kind}")
held = meetings.filter(pl.col("status") == "held").select("meeting_id", "start_date")
with_dates = commitments.join(held, on="meeting_id", how="left")
print(f"{with_dates.height} sentences; earliest meeting with sentences: "
      f"{with_dates['start_date'].min()}")
