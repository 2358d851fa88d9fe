#include "fleet/schema.h"

#include <array>
#include <string_view>

namespace kiosk::fleet {
namespace {

// Migration 1: the signers, their records and checkpoints, the two group roles, the one ingest
// function and the rules the server holds every client to (README.md, "What the server enforces").
constexpr std::string_view migration_1 = R"sql(
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_ingest') THEN
    CREATE ROLE kiosk_ingest NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_review') THEN
    CREATE ROLE kiosk_review NOLOGIN;
  END IF;
END
$roles$;

REVOKE ALL ON SCHEMA kiosk_fleet FROM PUBLIC;
GRANT USAGE ON SCHEMA kiosk_fleet TO kiosk_ingest, kiosk_review;

-- One login role per kiosk or agent, bound to the public key its ledger signs with.
CREATE TABLE kiosk_fleet.signers(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  role_name name NOT NULL UNIQUE,
  public_key text NOT NULL UNIQUE,   -- minisign's base64 line: "Ed" || key id || Ed25519 key
  key_id bytea NOT NULL CHECK (length(key_id) = 8),
  kiosk_id text,                     -- from its log.genesis, once pushed
  enrolled_at timestamptz NOT NULL DEFAULT now());

-- Records keyed by (signer, seq), as the ledger stores them: line NULL where retention purged the
-- content before it was pushed; line_hash and leaf computed here from the line otherwise.
CREATE TABLE kiosk_fleet.records(
  signer_id bigint NOT NULL REFERENCES kiosk_fleet.signers(id),
  seq bigint NOT NULL CHECK (seq >= 0),
  line bytea,
  line_hash bytea NOT NULL CHECK (length(line_hash) = 32),
  leaf bytea NOT NULL CHECK (length(leaf) = 32),
  type text NOT NULL,
  session text,
  ts text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (signer_id, seq));

CREATE TABLE kiosk_fleet.checkpoints(
  signer_id bigint NOT NULL REFERENCES kiosk_fleet.signers(id),
  size bigint NOT NULL CHECK (size > 0),
  text text NOT NULL,
  minisig text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (signer_id, size));

-- Append-only, even for the owner: UPDATE, DELETE and TRUNCATE are refused unless a migration
-- (kiosk fleet init) set kiosk_fleet.migrating for its own transaction. A superuser can still
-- drop the trigger; `kiosk fleet verify` catches what that changes.
CREATE FUNCTION kiosk_fleet.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('kiosk_fleet.migrating', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'kiosk_fleet.%: % refused: the fleet store only appends', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'KB002';
END
$fn$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON kiosk_fleet.records
  FOR EACH ROW EXECUTE FUNCTION kiosk_fleet.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON kiosk_fleet.records
  FOR EACH STATEMENT EXECUTE FUNCTION kiosk_fleet.refuse_change();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON kiosk_fleet.checkpoints
  FOR EACH ROW EXECUTE FUNCTION kiosk_fleet.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON kiosk_fleet.checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION kiosk_fleet.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON kiosk_fleet.signers
  FOR EACH STATEMENT EXECUTE FUNCTION kiosk_fleet.refuse_change();

-- A signer's row changes once: its kiosk id is filled in from its first record.
CREATE FUNCTION kiosk_fleet.guard_signer() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('kiosk_fleet.migrating', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.kiosk_id IS NULL AND NEW.kiosk_id IS NOT NULL AND NEW.id = OLD.id
     AND NEW.role_name = OLD.role_name AND NEW.public_key = OLD.public_key AND NEW.key_id = OLD.key_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'kiosk_fleet.signers: % refused: a signer''s binding to its key is permanent', TG_OP
    USING ERRCODE = 'KB002';
END
$fn$;
CREATE TRIGGER bound_once BEFORE UPDATE OR DELETE ON kiosk_fleet.signers
  FOR EACH ROW EXECUTE FUNCTION kiosk_fleet.guard_signer();

-- Reading: an ingest role sees its own signer, records and checkpoints; a reviewer sees all.
ALTER TABLE kiosk_fleet.signers ENABLE ROW LEVEL SECURITY;
ALTER TABLE kiosk_fleet.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE kiosk_fleet.checkpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_signer ON kiosk_fleet.signers FOR SELECT TO kiosk_ingest USING (role_name = current_user);
CREATE POLICY own_records ON kiosk_fleet.records FOR SELECT TO kiosk_ingest
  USING (signer_id IN (SELECT id FROM kiosk_fleet.signers WHERE role_name = current_user));
CREATE POLICY own_checkpoints ON kiosk_fleet.checkpoints FOR SELECT TO kiosk_ingest
  USING (signer_id IN (SELECT id FROM kiosk_fleet.signers WHERE role_name = current_user));
CREATE POLICY review_signers ON kiosk_fleet.signers FOR SELECT TO kiosk_review USING (true);
CREATE POLICY review_records ON kiosk_fleet.records FOR SELECT TO kiosk_review USING (true);
CREATE POLICY review_checkpoints ON kiosk_fleet.checkpoints FOR SELECT TO kiosk_review USING (true);
REVOKE ALL ON ALL TABLES IN SCHEMA kiosk_fleet FROM PUBLIC, kiosk_ingest, kiosk_review;
GRANT SELECT ON kiosk_fleet.signers, kiosk_fleet.records, kiosk_fleet.checkpoints TO kiosk_ingest, kiosk_review;
GRANT SELECT ON kiosk_fleet.migrations TO kiosk_ingest, kiosk_review;

-- The one way in for a signer: appends its records and checkpoints, in order, chained. Runs as
-- the owner (SECURITY DEFINER) with the caller's login role (session_user) naming the signer, so
-- a role can only ever append to the log bound to its own key.
CREATE FUNCTION kiosk_fleet.ingest(
    p_seq bigint[], p_line bytea[], p_line_hash bytea[], p_leaf bytea[],
    p_type text[], p_session text[], p_ts text[], p_checkpoint text[], p_minisig text[],
    OUT pushed bigint, OUT already_present bigint, OUT checkpoints_pushed bigint, OUT high_water bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kiosk_fleet, pg_temp AS $fn$
DECLARE
  me kiosk_fleet.signers%ROWTYPE;
  n int := coalesce(cardinality(p_seq), 0);
  next_seq bigint;
  last_hash bytea;
  bad_seq bigint;
  wanted bigint;
  genesis json;
  last_size bigint;
  last_text text;
  cp_lines text[];
  cp_size bigint;
  signature_line text;
  signature bytea;
BEGIN
  pushed := 0;
  already_present := 0;
  checkpoints_pushed := 0;
  -- The row lock orders concurrent pushes of one signer.
  SELECT * INTO me FROM kiosk_fleet.signers WHERE role_name = session_user FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role % is not enrolled as a fleet signer (kiosk fleet enroll)', session_user
      USING ERRCODE = 'KB001';
  END IF;
  IF coalesce(cardinality(p_line), 0) <> n OR coalesce(cardinality(p_line_hash), 0) <> n
     OR coalesce(cardinality(p_leaf), 0) <> n OR coalesce(cardinality(p_type), 0) <> n
     OR coalesce(cardinality(p_session), 0) <> n OR coalesce(cardinality(p_ts), 0) <> n
     OR coalesce(cardinality(p_checkpoint), 0) <> coalesce(cardinality(p_minisig), 0) THEN
    RAISE EXCEPTION 'the pushed arrays differ in length' USING ERRCODE = 'KB003';
  END IF;
  SELECT r.seq + 1, r.line_hash INTO next_seq, last_hash
    FROM kiosk_fleet.records r WHERE r.signer_id = me.id ORDER BY r.seq DESC LIMIT 1;
  next_seq := coalesce(next_seq, 0);

  IF array_position(p_seq, NULL) IS NOT NULL OR array_position(p_type, NULL) IS NOT NULL
     OR array_position(p_ts, NULL) IS NOT NULL THEN
    RAISE EXCEPTION 'a pushed record has no seq, type or time' USING ERRCODE = 'KB004';
  END IF;
  -- Set-based, one statement per rule, each naming the first record that breaks it.
  -- Records the store holds already must come again as the same bytes.
  SELECT u.seq INTO bad_seq
    FROM unnest(p_seq, p_line, p_line_hash) AS u(seq, line, line_hash)
    LEFT JOIN kiosk_fleet.records r ON r.signer_id = me.id AND r.seq = u.seq
   WHERE u.seq < next_seq
     AND r.line_hash IS DISTINCT FROM CASE WHEN u.line IS NULL THEN u.line_hash ELSE sha256(u.line) END
   ORDER BY u.seq LIMIT 1;
  IF bad_seq IS NOT NULL THEN
    RAISE EXCEPTION 'record %: differs from the record % this signer pushed before (the ledger was rewritten or rolled back)',
      bad_seq, bad_seq USING ERRCODE = 'KT002';
  END IF;
  SELECT count(*) INTO already_present FROM unnest(p_seq) AS u(seq) WHERE u.seq < next_seq;
  -- The new ones follow the stored ones without a gap, in order.
  SELECT o.seq, o.wanted INTO bad_seq, wanted
    FROM (SELECT u.seq, next_seq + row_number() OVER (ORDER BY u.ord) - 1 AS wanted
            FROM unnest(p_seq) WITH ORDINALITY AS u(seq, ord) WHERE u.seq >= next_seq) o
   WHERE o.seq <> o.wanted ORDER BY o.wanted LIMIT 1;
  IF bad_seq IS NOT NULL THEN
    RAISE EXCEPTION 'record %: out of order: the next record the fleet takes from this signer is %', bad_seq, wanted
      USING ERRCODE = 'KT003';
  END IF;
  SELECT u.seq INTO bad_seq FROM unnest(p_seq, p_line, p_line_hash, p_leaf) AS u(seq, line, line_hash, leaf)
   WHERE u.seq >= next_seq AND u.line IS NULL
     AND (u.seq = 0 OR length(u.line_hash) IS DISTINCT FROM 32 OR length(u.leaf) IS DISTINCT FROM 32)
   ORDER BY u.seq LIMIT 1;
  IF bad_seq IS NOT NULL THEN
    RAISE EXCEPTION 'record %: a purged record needs its line hash and leaf, and record 0 is never purged', bad_seq
      USING ERRCODE = 'KB005';
  END IF;
  SELECT u.seq INTO bad_seq FROM unnest(p_seq, p_line, p_ts) AS u(seq, line, ts)
   WHERE u.seq >= next_seq AND u.line IS NOT NULL AND u.ts !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\d\dZ$'
   ORDER BY u.seq LIMIT 1;
  IF bad_seq IS NOT NULL THEN
    RAISE EXCEPTION 'record %: its time is not an RFC 3339 UTC timestamp with milliseconds', bad_seq
      USING ERRCODE = 'KB006';
  END IF;
  -- Record 0 opens the signer's log: a log.genesis naming the role's bound key.
  IF next_seq = 0 AND n > 0 THEN
    BEGIN
      genesis := convert_from(p_line[array_position(p_seq, 0::bigint)], 'UTF8')::json;
    EXCEPTION WHEN others THEN
      RAISE EXCEPTION 'record 0 is not a JSON record line' USING ERRCODE = 'KT004';
    END;
    IF genesis->>'type' IS DISTINCT FROM 'log.genesis'
       OR genesis->'body'->>'public_key' IS DISTINCT FROM me.public_key THEN
      RAISE EXCEPTION 'record 0 is not a log.genesis naming the key role % is bound to (another signer''s log?)',
        session_user USING ERRCODE = 'KT004';
    END IF;
    IF coalesce(genesis->>'kiosk', '') !~ '^[A-Za-z0-9._-]{1,64}$' THEN
      RAISE EXCEPTION 'record 0 names no valid kiosk id' USING ERRCODE = 'KT004';
    END IF;
    IF me.kiosk_id IS NULL THEN
      UPDATE kiosk_fleet.signers SET kiosk_id = genesis->>'kiosk' WHERE id = me.id;
      me.kiosk_id := genesis->>'kiosk';
    END IF;
    last_hash := sha256(convert_to('kiosk-log/v1 genesis ' || me.kiosk_id, 'UTF8'));
  END IF;
  -- Each line starts with its canonical bytes: its seq, the hash of the record before it (the
  -- stored one for the first), its time and the signer's kiosk.
  SELECT c.seq INTO bad_seq
    FROM (SELECT h.seq, h.line,
                 convert_to('{"v":1,"seq":' || h.seq || ',"prev":"sha256:' ||
                            encode(coalesce(lag(h.hash) OVER (ORDER BY h.seq), last_hash), 'hex') ||
                            '","ts":"' || h.ts || '","kiosk":"' || me.kiosk_id || '",', 'UTF8') AS expected
            FROM (SELECT u.seq, u.line, u.ts, CASE WHEN u.line IS NULL THEN u.line_hash ELSE sha256(u.line) END AS hash
                    FROM unnest(p_seq, p_line, p_line_hash, p_ts) AS u(seq, line, line_hash, ts)
                   WHERE u.seq >= next_seq) h) c
   WHERE c.line IS NOT NULL AND substring(c.line FROM 1 FOR length(c.expected)) IS DISTINCT FROM c.expected
   ORDER BY c.seq LIMIT 1;
  IF bad_seq IS NOT NULL THEN
    RAISE EXCEPTION 'record %: does not chain to record % the fleet holds for this signer (its prev-hash, seq, time or kiosk differ: forged, reordered or from another log)',
      bad_seq, bad_seq - 1 USING ERRCODE = 'KT001';
  END IF;
  INSERT INTO kiosk_fleet.records(signer_id, seq, line, line_hash, leaf, type, session, ts)
    SELECT me.id, u.seq, u.line, CASE WHEN u.line IS NULL THEN u.line_hash ELSE sha256(u.line) END,
           CASE WHEN u.line IS NULL THEN u.leaf ELSE sha256('\x00'::bytea || u.line) END, u.type, u.session, u.ts
      FROM unnest(p_seq, p_line, p_line_hash, p_leaf, p_type, p_session, p_ts)
           AS u(seq, line, line_hash, leaf, type, session, ts)
     WHERE u.seq >= next_seq;
  GET DIAGNOSTICS pushed = ROW_COUNT;
  next_seq := next_seq + pushed;

  SELECT c.size, c.text INTO last_size, last_text
    FROM kiosk_fleet.checkpoints c WHERE c.signer_id = me.id ORDER BY c.size DESC LIMIT 1;
  last_size := coalesce(last_size, 0);
  FOR j IN 1 .. coalesce(cardinality(p_checkpoint), 0) LOOP
    cp_lines := string_to_array(p_checkpoint[j], E'\n');
    IF cardinality(cp_lines) IS DISTINCT FROM 6 OR cp_lines[6] <> '' OR cp_lines[2] !~ '^[1-9][0-9]{0,17}$' THEN
      RAISE EXCEPTION 'a pushed checkpoint is not five lines with a size' USING ERRCODE = 'KB007';
    END IF;
    cp_size := cp_lines[2]::bigint;
    IF cp_size <= last_size THEN
      IF NOT EXISTS (SELECT FROM kiosk_fleet.checkpoints c WHERE c.signer_id = me.id AND c.size = cp_size
                     AND c.text = p_checkpoint[j] AND c.minisig = p_minisig[j]) THEN
        RAISE EXCEPTION 'checkpoint %: differs from what this signer pushed before, or comes after a later checkpoint',
          cp_size USING ERRCODE = 'KT005';
      END IF;
      CONTINUE;
    END IF;
    IF cp_size > next_seq THEN
      RAISE EXCEPTION 'checkpoint %: covers records the fleet does not hold yet (push them first)', cp_size
        USING ERRCODE = 'KB008';
    END IF;
    IF cp_lines[1] IS DISTINCT FROM me.kiosk_id || '/kiosk-log/v1' THEN
      RAISE EXCEPTION 'checkpoint %: is for log ''%'', not this signer''s', cp_size, cp_lines[1] USING ERRCODE = 'KT006';
    END IF;
    IF cp_lines[4] IS DISTINCT FROM 'prev ' || coalesce(encode(sha256(convert_to(last_text, 'UTF8')), 'hex'), 'none') THEN
      RAISE EXCEPTION 'checkpoint %: does not chain to checkpoint % the fleet holds for this signer', cp_size, last_size
        USING ERRCODE = 'KT007';
    END IF;
    -- Ed25519 cannot be checked in SQL; the key id the signature names must be the bound key's
    -- (`kiosk fleet verify` checks the signature itself).
    signature_line := split_part(p_minisig[j], E'\n', 2);
    signature := CASE WHEN signature_line ~ '^[A-Za-z0-9+/]{99}=$' THEN decode(signature_line, 'base64') END;
    IF signature IS NULL OR substring(signature FROM 1 FOR 2) <> '\x4544'::bytea
       OR substring(signature FROM 3 FOR 8) <> me.key_id THEN
      RAISE EXCEPTION 'checkpoint %: is not signed by the key role % is bound to', cp_size, session_user
        USING ERRCODE = 'KT008';
    END IF;
    INSERT INTO kiosk_fleet.checkpoints(signer_id, size, text, minisig) VALUES (me.id, cp_size, p_checkpoint[j], p_minisig[j]);
    last_size := cp_size;
    last_text := p_checkpoint[j];
    checkpoints_pushed := checkpoints_pushed + 1;
  END LOOP;
  high_water := CASE WHEN next_seq > 0 THEN next_seq - 1 END;
END
$fn$;
REVOKE ALL ON FUNCTION kiosk_fleet.ingest FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_fleet.ingest TO kiosk_ingest;

-- Administrators only: a login role for one kiosk or agent, member of kiosk_ingest, bound to its
-- key. p_secret is the SCRAM secret of its password, so the password never reaches the server.
CREATE FUNCTION kiosk_fleet.enroll(p_role text, p_public_key text, p_secret text) RETURNS void
LANGUAGE plpgsql SET search_path = kiosk_fleet, pg_temp AS $fn$
DECLARE
  raw bytea;
BEGIN
  raw := CASE WHEN p_public_key ~ '^[A-Za-z0-9+/]{56}$' THEN decode(p_public_key, 'base64') END;
  IF raw IS NULL OR length(raw) <> 42 OR substring(raw FROM 1 FOR 2) <> '\x4564'::bytea THEN
    RAISE EXCEPTION 'not a minisign Ed25519 public key line' USING ERRCODE = 'KB009';
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_role) THEN
    RAISE EXCEPTION 'role % exists already (one role per kiosk or agent)', p_role USING ERRCODE = 'KB010';
  END IF;
  IF EXISTS (SELECT FROM kiosk_fleet.signers WHERE public_key = p_public_key) THEN
    RAISE EXCEPTION 'this key is enrolled already, as role %',
      (SELECT role_name FROM kiosk_fleet.signers WHERE public_key = p_public_key) USING ERRCODE = 'KB011';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE kiosk_ingest', p_role, p_secret);
  INSERT INTO kiosk_fleet.signers(role_name, public_key, key_id) VALUES (p_role, p_public_key, substring(raw FROM 3 FOR 8));
END
$fn$;
REVOKE ALL ON FUNCTION kiosk_fleet.enroll FROM PUBLIC;
)sql";

constexpr std::array migrations{migration_1};

// Serialises concurrent `kiosk fleet init` runs (any constant the fleet alone uses).
constexpr std::string_view lock = "SELECT pg_advisory_xact_lock(7234119001)";

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations.size()); }

Result<int> schema_version(pg::Connection& connection) {
    auto exists = connection.query("SELECT to_regclass('kiosk_fleet.migrations') IS NOT NULL");
    if (!exists) return std::unexpected(exists.error());
    if (exists->text(0, 0) != "t") return 0;
    auto rows = connection.query("SELECT coalesce(max(version), 0) FROM kiosk_fleet.migrations");
    if (!rows) return std::unexpected(rows.error());
    return static_cast<int>(rows->integer(0, 0));
}

Result<int> migrate(pg::Connection& connection) {
    return pg::in_transaction(connection, [&]() -> Result<int> {
        if (auto locked = connection.exec(lock); !locked) return std::unexpected(locked.error());
        if (auto made = connection.exec("CREATE SCHEMA IF NOT EXISTS kiosk_fleet; "
                                        "CREATE TABLE IF NOT EXISTS kiosk_fleet.migrations("
                                        "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); "
                                        "SET LOCAL kiosk_fleet.migrating = 'on'");
            !made)
            return std::unexpected(made.error());
        auto current = schema_version(connection);
        if (!current) return std::unexpected(current.error());
        if (*current > latest_schema_version())
            return fail(ErrorKind::bad_input, "the fleet store has schema version " + std::to_string(*current) +
                                                  ", newer than this kiosk knows (" +
                                                  std::to_string(latest_schema_version()) + "): update the kiosk");
        for (int version = *current + 1; version <= latest_schema_version(); ++version) {
            if (auto applied = connection.exec(migrations[static_cast<std::size_t>(version - 1)]); !applied)
                return fail(applied.error(), "fleet schema migration " + std::to_string(version) + ": ");
            if (auto noted = connection.query("INSERT INTO kiosk_fleet.migrations(version) VALUES ($1)",
                                              {std::to_string(version)});
                !noted)
                return std::unexpected(noted.error());
        }
        return latest_schema_version();
    });
}

}  // namespace kiosk::fleet
