-- The hand-written SQLite layout (user_version 1, no schema_version table) as the last build that used it left a database:
-- sqlite3 .dump of the store LegacyDataset.cs describes. Kept to test the migration to the record layout; never edit it.
PRAGMA user_version = 1;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY CHECK (key IN ('name', 'attribution', 'boundary')),
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES('attribution','["GeoNames (CC BY 4.0)","Test data"]');
INSERT INTO meta VALUES('boundary','{"type":"Polygon","coordinates":[[[36,35],[38,35],[38,37],[36,37],[36,35]]]}');
INSERT INTO meta VALUES('name','Test (reports 2016-2017)');
CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL, rewrites INTEGER NOT NULL DEFAULT 0);
INSERT INTO revision VALUES(1,32,3);
CREATE TABLE factions (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    short_name   TEXT NOT NULL CHECK (length(short_name) > 0),
    color        TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    aliases      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    parent       TEXT REFERENCES factions (id) DEFERRABLE INITIALLY DEFERRED,
    valid_from   TEXT,
    valid_to     TEXT,
    allies       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allies)),
    succeeded_by TEXT REFERENCES factions (id) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO factions VALUES(1,'GOV','Government coalition','Gov','#aa0000','[]',NULL,NULL,NULL,'[]',NULL);
INSERT INTO factions VALUES(2,'SAA','Syrian Arab Army','SAA','#cc0000','["Assad''s forces","regime forces"]','GOV',NULL,NULL,'["NDF"]',NULL);
INSERT INTO factions VALUES(3,'NDF','National Defence Forces','NDF','#dd3333','[]','GOV',NULL,NULL,'[]',NULL);
INSERT INTO factions VALUES(4,'JAN','Jabhat al-Nusra','Nusra','#333333','["al-Nusra Front"]',NULL,NULL,'2017-01-28','[]','HTS');
INSERT INTO factions VALUES(5,'HTS','Hay''at Tahrir al-Sham','HTS','#444444','[]',NULL,'2017-01-28',NULL,'[]',NULL);
INSERT INTO factions VALUES(6,'SDF','Syrian Democratic Forces','SDF','#ffcc00','["قوات سوريا الديمقراطية"]',NULL,NULL,NULL,'[{"faction":"SAA","from":"2016-02-01","to":"2016-06-01"},{"faction":"HTS","to":"2017-03-01"}]',NULL);
CREATE TABLE sources (
    seq                   INTEGER PRIMARY KEY,
    id                    TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    publisher             TEXT NOT NULL CHECK (length(publisher) > 0),
    title                 TEXT NOT NULL CHECK (length(title) > 0),
    url                   TEXT,
    published             TEXT,
    published_is_inferred INTEGER NOT NULL DEFAULT 0 CHECK (published_is_inferred IN (0, 1))
);
INSERT INTO sources VALUES(1,'S1','SOHR','Regime forces advance north of Aleppo','https://www.syriahr.com/en/1','2016-02-03',0);
INSERT INTO sources VALUES(2,'S2','Reuters','Kurdish-led forces take Tal Rifaat',NULL,'2016-02-16',1);
CREATE TABLE places (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    names       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(names)),
    kind        TEXT NOT NULL CHECK (kind IN ('city', 'town', 'village', 'hamlet', 'hill', 'base', 'other')),
    lon         REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat         REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    governorate TEXT,
    district    TEXT,
    subdistrict TEXT,
    pcode       TEXT,
    population  INTEGER CHECK (population >= 0),
    approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
    note        TEXT
, valid_from TEXT);
INSERT INTO places VALUES(1,'aleppo','Aleppo','["حلب","Halab"]','city',37.159999999999996588,36.200000000000002841,'Aleppo','Jebel Saman','Jebel Saman','C1007',2098210,0,NULL,NULL);
INSERT INTO places VALUES(2,'tal-rifaat','Tal Rifaat','["تل رفعت"]','town',37.097499999999996589,36.471699999999998454,'Aleppo','Azaz',NULL,NULL,20514,0,NULL,NULL);
INSERT INTO places VALUES(3,'kafr-naya','Kafr Naya','[]','village',37.016700000000000159,36.299999999999997158,NULL,NULL,NULL,NULL,NULL,1,'placed from a description',NULL);
INSERT INTO places VALUES(4,'hill-123','Hill 123','[]','hill',36.899999999999998578,36.100000000000001421,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL);
INSERT INTO places VALUES(5,'young','Young Village','["Nouveau"]','village',37.249999999999999999,36.25,'Aleppo',NULL,NULL,NULL,120,0,NULL,'2019-01-01');
CREATE TABLE changes (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    place           TEXT NOT NULL REFERENCES places (id),
    faction         TEXT REFERENCES factions (id),
    valid_from      TEXT NOT NULL,
    valid_to_approx TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('capture', 'confirmation', 'retraction')),
    status          TEXT NOT NULL CHECK (status IN ('held', 'contested', 'claimed')),
    claim_of        TEXT NOT NULL DEFAULT 'held' CHECK (claim_of IN ('held', 'contested') AND (claim_of = 'held' OR status = 'claimed')),
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL CHECK (length(recorded_by) > 0),
    retracts        TEXT REFERENCES changes (id),
    note            TEXT, reviews TEXT REFERENCES changes (id), verdict TEXT CHECK (verdict IS NULL OR verdict IN ('confirmed', 'disputed')),
    CHECK ((kind = 'retraction') = (faction IS NULL)),
    CHECK (kind <> 'retraction' OR retracts IS NOT NULL),
    CHECK (retracts IS NULL OR retracts <> id)
);
INSERT INTO changes VALUES(1,'c1','aleppo','SAA','2016-02-03',NULL,'capture','held','held','2020-01-01T10:00:00Z','editor',NULL,NULL,NULL,NULL);
INSERT INTO changes VALUES(2,'c2','tal-rifaat','SDF','2016-02-15T06:30Z',NULL,'capture','contested','held','2020-01-01T10:00:00Z','editor',NULL,NULL,NULL,NULL);
INSERT INTO changes VALUES(3,'c3','aleppo','SAA','2016-12-01','2016-12-31','confirmation','held','held','2020-01-01T10:00:00Z','editor',NULL,NULL,NULL,NULL);
INSERT INTO changes VALUES(4,'c4','kafr-naya','HTS','2017-03-01',NULL,'capture','claimed','contested','2020-01-01T10:00:00Z','editor',NULL,'"we stormed the village"',NULL,NULL);
INSERT INTO changes VALUES(5,'c5','kafr-naya',NULL,'2017-03-01',NULL,'retraction','held','held','2020-01-01T10:00:00Z','editor','c4',NULL,NULL,NULL);
INSERT INTO changes VALUES(6,'c6','tal-rifaat','SDF','2016-02-16',NULL,'capture','held','held','2020-01-02T03:04:05.5Z','editor','c2',NULL,NULL,NULL);
INSERT INTO changes VALUES(7,'c7','young','SAA','2019-05-01',NULL,'capture','claimed','held','2020-01-01T10:00:00Z','editor',NULL,NULL,NULL,NULL);
INSERT INTO changes VALUES(8,'c8','young','SAA','2019-05-01',NULL,'capture','held','held','2020-01-01T10:00:00Z','editor',NULL,'confirmed by a second report','c7','confirmed');
CREATE TABLE change_sources (
    change_seq INTEGER NOT NULL REFERENCES changes (seq),
    ord        INTEGER NOT NULL CHECK (ord >= 0),
    source     TEXT NOT NULL REFERENCES sources (id),
    claimant   TEXT,
    PRIMARY KEY (change_seq, ord)
) WITHOUT ROWID;
INSERT INTO change_sources VALUES(1,0,'S1',NULL);
INSERT INTO change_sources VALUES(2,0,'S1',NULL);
INSERT INTO change_sources VALUES(2,1,'S2','local activists');
INSERT INTO change_sources VALUES(3,0,'S1',NULL);
INSERT INTO change_sources VALUES(4,0,'S2','Hay''at Tahrir al-Sham');
INSERT INTO change_sources VALUES(6,0,'S2',NULL);
INSERT INTO change_sources VALUES(7,0,'S1','a local council');
INSERT INTO change_sources VALUES(8,0,'S2',NULL);
CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    role       TEXT NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
    hash       TEXT NOT NULL CHECK (length(hash) = 64),
    created_at TEXT NOT NULL,
    revoked_at TEXT
) WITHOUT ROWID;
INSERT INTO api_keys VALUES('k6631e2bfcc06','editor-one','editor','3fd6bbe9d037ac6db69f5ce5c2b33aa9a232018e7e043b5a176b964c41e7955e','2026-12-01T23:22:10.4896206Z','2026-12-01T23:22:10.5641915Z');
INSERT INTO api_keys VALUES('kcc839dc5086a','admin-two','admin','e970dcf4c1ade9423bc9facc4e744235c0ac429eb213b759a9bc6e197a1c1cba','2026-12-01T23:22:10.5199299Z',NULL);
CREATE TABLE idempotency (
    scope        TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL
, headers TEXT) WITHOUT ROWID;
INSERT INTO idempotency VALUES('POST /api/changes key:k1 idem:abc','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',201,'{"id":"c8"}','2026-12-01T23:22:10.5705257Z','{"Location":"/api/changes/c8","ETag":"\u0022v1\u0022"}');
CREATE INDEX changes_place ON changes (place);
CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
    BEGIN SELECT RAISE(ABORT, 'changes are append-only: UPDATE is not allowed'); END;
CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
    BEGIN SELECT RAISE(ABORT, 'changes are append-only: DELETE is not allowed'); END;
CREATE TRIGGER changes_retract_earlier BEFORE INSERT ON changes
    WHEN NEW.retracts IS NOT NULL AND NOT EXISTS (SELECT 1 FROM changes WHERE id = NEW.retracts)
    BEGIN SELECT RAISE(ABORT, 'retracts must name an earlier change'); END;
CREATE TRIGGER change_sources_no_update BEFORE UPDATE ON change_sources
    BEGIN SELECT RAISE(ABORT, 'citations are append-only: UPDATE is not allowed'); END;
CREATE TRIGGER change_sources_no_delete BEFORE DELETE ON change_sources
    BEGIN SELECT RAISE(ABORT, 'citations are append-only: DELETE is not allowed'); END;
CREATE TRIGGER change_sources_latest_only BEFORE INSERT ON change_sources
    WHEN NEW.change_seq IS NOT (SELECT max(seq) FROM changes)
    BEGIN SELECT RAISE(ABORT, 'citations can only be added with their change'); END;
CREATE TRIGGER changes_revision AFTER INSERT ON changes BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER change_sources_revision AFTER INSERT ON change_sources BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER meta_insert_revision AFTER INSERT ON meta BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER meta_update_revision AFTER UPDATE ON meta BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER meta_delete_revision AFTER DELETE ON meta BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER factions_insert_revision AFTER INSERT ON factions BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER factions_update_revision AFTER UPDATE ON factions BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER factions_delete_revision AFTER DELETE ON factions BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER sources_insert_revision AFTER INSERT ON sources BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER sources_update_revision AFTER UPDATE ON sources BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER sources_delete_revision AFTER DELETE ON sources BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER places_insert_revision AFTER INSERT ON places BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER places_update_revision AFTER UPDATE ON places BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER places_delete_revision AFTER DELETE ON places BEGIN UPDATE revision SET n = n + 1; END;
CREATE TRIGGER meta_insert_rewrite AFTER INSERT ON meta BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER meta_update_rewrite AFTER UPDATE ON meta BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER meta_delete_rewrite AFTER DELETE ON meta BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER factions_update_rewrite AFTER UPDATE ON factions BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER factions_delete_rewrite AFTER DELETE ON factions BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER factions_behind_rewrite AFTER INSERT ON factions WHEN EXISTS (SELECT 1 FROM factions WHERE seq > NEW.seq) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER factions_replace_rewrite BEFORE INSERT ON factions WHEN EXISTS (SELECT 1 FROM factions WHERE id = NEW.id) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER sources_update_rewrite AFTER UPDATE ON sources BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER sources_delete_rewrite AFTER DELETE ON sources BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER sources_behind_rewrite AFTER INSERT ON sources WHEN EXISTS (SELECT 1 FROM sources WHERE seq > NEW.seq) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER sources_replace_rewrite BEFORE INSERT ON sources WHEN EXISTS (SELECT 1 FROM sources WHERE id = NEW.id) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER places_update_rewrite AFTER UPDATE ON places BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER places_delete_rewrite AFTER DELETE ON places BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER places_behind_rewrite AFTER INSERT ON places WHEN EXISTS (SELECT 1 FROM places WHERE seq > NEW.seq) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER places_replace_rewrite BEFORE INSERT ON places WHEN EXISTS (SELECT 1 FROM places WHERE id = NEW.id) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER changes_update_rewrite AFTER UPDATE ON changes BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER changes_delete_rewrite AFTER DELETE ON changes BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER changes_behind_rewrite AFTER INSERT ON changes WHEN EXISTS (SELECT 1 FROM changes WHERE seq > NEW.seq) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER changes_replace_rewrite BEFORE INSERT ON changes WHEN EXISTS (SELECT 1 FROM changes WHERE id = NEW.id) BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER change_sources_update_rewrite AFTER UPDATE ON change_sources BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
CREATE TRIGGER change_sources_delete_rewrite AFTER DELETE ON change_sources BEGIN UPDATE revision SET rewrites = rewrites + 1; END;
COMMIT;
