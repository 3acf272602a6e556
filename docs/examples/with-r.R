# R: run from the package's top folder (where datapackage.json is).
library(readr)

# The CSVs exactly as published: every column as text, an empty cell as "".
commitments <- read_csv("data/commitments.csv", col_types = cols(.default = "c"), na = character())
table(commitments$kind)
# Typed columns: arrow::read_parquet("data/meetings.parquet"), where arrow is installed.

# The SQLite database (DBI and RSQLite)
library(DBI)
con <- dbConnect(RSQLite::SQLite(), "data/us-japan-digital-economy-dialogue.sqlite")
print(dbGetQuery(con, "SELECT meeting_id, number, status, start_date FROM meetings"))
dbDisconnect(con)

# The workbook (readxl): IDs and dates are text cells
meetings <- readxl::read_excel("data/us-japan-digital-economy-dialogue.xlsx", sheet = "meetings")
print(meetings[, c("meeting_id", "start_date", "city_en")])
