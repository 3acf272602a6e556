# pandas: run from the package's top folder (where datapackage.json is).
import pandas as pd

# The CSVs exactly as published: every value as text, an empty cell as "".
commitments = pd.read_csv("data/commitments.csv", dtype=str, keep_default_na=False)
# Parquet keeps the types: integers, booleans, dates (nullable with the pyarrow backend).
meetings = pd.read_parquet("data/meetings.parquet", dtype_backend="pyarrow")
# The workbook: one sheet per table; IDs and dates are text cells.
workbook = pd.read_excel("data/us-japan-digital-economy-dialogue.xlsx", sheet_name=None,
                         dtype=str, engine="openpyxl")

# The governments' pledges (is_commitment) in each section of the joint statement.
pledges = commitments[commitments["is_commitment"] == "true"]
for title, count in pledges.groupby("section_title_en").size().items():
    print(f"{count:3}  {title}")

# A join on the keys: when was the meeting whose statement it is?
joined = pledges.merge(meetings[["meeting_id", "number", "start_date"]], on="meeting_id")
first = joined.iloc[0]
print(f"{len(pledges)} commitments among {len(commitments)} sentences; "
      f"meeting {first['number']} began {first['start_date']}")
print(f"workbook sheets: {', '.join(workbook)}")
