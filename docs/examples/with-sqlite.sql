-- SQLite: sqlite3 data/us-japan-digital-economy-dialogue.sqlite < docs/examples/with-sqlite.sql
-- (`.schema participants` in the sqlite3 shell shows every field with its meaning.)

-- Who took part in the 14th meeting, as the release lists them.
SELECT p.participant_id, p.delegation, p.role, o.name_ja, o.name_en, p.person_name_ja
FROM participants AS p
JOIN organizations AS o ON o.organization_id = p.organization_id
WHERE p.meeting_id = 'meeting-014'
ORDER BY p.participant_id;
