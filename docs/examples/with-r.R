# R: run from the package's top folder (where datapackage.json is), e.g.
# `Rscript docs/examples/with-r.R`. Needs readr, DBI, RSQLite and readxl.
library(readr)

# The CSVs exactly as published: every column as text, an empty cell as "".
commitments <- read_csv("data/commitments.csv", col_types = cols(.default = "c"),
                        na = character())
kinds <- table(commitments$kind)
cat(sprintf("%3d  %s\n", as.integer(kinds), names(kinds)), sep = "")

# The SQLite database (DBI and RSQLite): integers are integers, dates YYYY-MM-DD text.
library(DBI)
con <- dbConnect(RSQLite::SQLite(), "data/us-japan-digital-economy-dialogue.sqlite")
held <- dbGetQuery(con, "SELECT number, start_date FROM meetings WHERE status = 'held'
                         ORDER BY number")
dbDisconnect(con)
cat(sprintf("%d meetings held, the first on %s\n", nrow(held), held$start_date[1]))

# The workbook (readxl): IDs and dates are text cells.
meetings <- readxl::read_excel("data/us-japan-digital-economy-dialogue.xlsx", sheet = "meetings")
latest <- meetings[meetings$status == "held", ][sum(meetings$status == "held"), ]
cat(sprintf("workbook: %d meetings; %s began %s (%s)\n", nrow(meetings), latest$meeting_id,
            latest$start_date, class(latest$start_date)))
# Typed columns: arrow::read_parquet("data/meetings.parquet"), where arrow is installed.
