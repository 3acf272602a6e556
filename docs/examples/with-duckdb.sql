-- DuckDB: run from the package's top folder, e.g. `duckdb < docs/examples/with-duckdb.sql`.
-- Parquet files keep the types (is_commitment is a boolean, section_number an integer).

-- The governments' pledges in each section of the joint statement.
SELECT section_number, section_title_en, count(*) AS commitments
FROM 'data/commitments.parquet'
WHERE is_commitment
GROUP BY section_number, section_title_en
ORDER BY section_number;

-- The forums the statement names, and in how many sentences.
SELECT f.forum_id, f.abbreviation, f.name_en, count(*) AS sentences
FROM 'data/commitment_forums.parquet' AS cf
JOIN 'data/forums.parquet' AS f USING (forum_id)
GROUP BY f.forum_id, f.abbreviation, f.name_en
ORDER BY sentences DESC, f.forum_id;
