"""The team schema: records, their per-field revisions, conflicts, blobs, allocations, the
hash-chained team audit log, the write functions and row-level security.

Revision ID: t0001
Revises:
Create Date: 2026-12-01

Design (ARCHITECTURE.md, "The team store"):
* Team roles (worker, supervisor, admin) are NOLOGIN group roles; each person logs in with
  their own role, a member of one of them. Nothing is granted to PUBLIC.
* The tables belong to `safetymap_owner` (NOLOGIN). Team roles may SELECT only, and row-level
  security shows them only the families they may see. Every write is a SECURITY DEFINER
  function with a fixed search_path that does compare-and-set and writes the audit log.
* Every write takes one transaction-level advisory lock before it takes its sequence number,
  so revisions commit in their order and "everything after revision N" is never missing a
  write that was still in flight when a laptop last pulled.
"""

from __future__ import annotations

from alembic import op

revision = "t0001"
down_revision = None
branch_labels = None
depends_on = None

TYPES = ("Family", "Person", "ContactDetail", "ChildRelation", "SafetyCheckDecision", "Visit",
         "VisitAttendance", "MapEntry", "EntryStance", "Score", "ThreeHousesEntry",
         "WordsAndPictures", "Attachment", "SafetyPlan", "SafetyPlanVersion", "Assessment",
         "ChronologyEvent", "SupervisionRecord")

ROLES = r"""
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'safetymap_owner') then
    create role safetymap_owner nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'safetymap_worker') then
    create role safetymap_worker nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'safetymap_supervisor') then
    create role safetymap_supervisor nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'safetymap_admin') then
    create role safetymap_admin nologin;
  end if;
end $$;
do $$
begin
  execute format('revoke all on database %I from public', current_database());
  execute format('grant connect on database %I to safetymap_worker, safetymap_supervisor, '
                 'safetymap_admin', current_database());
end $$;
"""

TABLES = r"""
create table safetymap.teams (
  name text primary key check (length(name) between 1 and 200)
);
create table safetymap.workers (
  login text primary key,
  name text not null check (length(name) between 1 and 200),
  role text not null check (role in ('worker', 'supervisor', 'admin')),
  team text not null references safetymap.teams,
  revoked boolean not null default false,
  added_at timestamptz not null default now()
);
create table safetymap.families (
  uid text primary key check (uid ~ '^[0-9a-f]{32}$'),
  team text not null references safetymap.teams,
  created_by text not null,
  created_at timestamptz not null default now()
);
-- active: the worker holds the family now. A de-allocated worker may still push what they
-- changed before it reached them (released: their laptop has removed it).
create table safetymap.allocations (
  family_uid text not null references safetymap.families,
  login text not null references safetymap.workers,
  active boolean not null default true,
  released boolean not null default false,
  allocated_by text not null,
  allocated_at timestamptz not null default now(),
  primary key (family_uid, login)
);
create sequence safetymap.rev;
-- one row per pushed changeset (and per resolution): the operation id makes a retry apply once
create table safetymap.changesets (
  seq bigint primary key,
  op_id text not null unique,
  family_uid text not null,
  login text not null,
  command text not null default '',
  client_started_at timestamptz,
  received_at timestamptz not null default now(),
  result jsonb not null
);
-- a record's fields as the laptops write them (references as uids); revs: field -> the
-- revision that last wrote it ("$deleted" for the tombstone). A delete keeps the fields.
create table safetymap.records (
  uid text primary key check (uid ~ '^[0-9a-f]{32}$'),
  family_uid text not null references safetymap.families,
  entity_type text not null,
  fields jsonb not null,
  revs jsonb not null,
  deleted boolean not null default false,
  seq bigint not null,
  -- the fields that name the record this one belongs to (a contact detail's person): a
  -- record is never removed from under what still hangs from it without a person deciding
  refs text[] not null default '{}'
);
create index records_family_seq on safetymap.records (family_uid, seq);
create index records_seq on safetymap.records (seq);
create table safetymap.conflicts (
  id bigserial primary key,
  family_uid text not null references safetymap.families,
  record_uid text not null,
  entity_type text not null,
  field text not null,
  -- field: both wrote one field; edited_deleted: this laptop edited what another deleted;
  -- deleted_edited: this laptop deleted what another edited; signed: a signed-off record
  kind text not null,
  server_value jsonb,
  server_login text,
  server_at timestamptz,
  client_value jsonb,
  client_login text not null,
  client_at timestamptz,
  seq bigint not null,
  resolution text,
  resolved_by text,
  resolved_at timestamptz
);
create index conflicts_family_seq on safetymap.conflicts (family_uid, seq);
-- per family: two families may hold the same picture, and each sees only its own copy
create table safetymap.blobs (
  family_uid text not null references safetymap.families,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  data bytea not null,
  primary key (family_uid, sha256)
);
-- the team audit log: each row's hash covers the previous hash and its own entry line
create table safetymap.audit (
  id bigserial primary key,
  at timestamptz not null default clock_timestamp(),
  login text not null,
  action text not null,
  family_uid text,
  entry text not null,
  prev_hash text not null,
  hash text not null
);
-- the newest hash of the chain, in one row: a writer locks it to read it, so two writers can
-- never both follow the same entry (a reader's older snapshot cannot fork the chain: it gets
-- a serialization error instead)
create table safetymap.audit_head (
  id int primary key check (id = 1),
  hash text not null
);
insert into safetymap.audit_head values (1, '');
"""

FUNCTIONS = r"""
create function safetymap._me() returns safetymap.workers
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select * from safetymap.workers where login = session_user and not revoked
$$;

create function safetymap.whoami() returns jsonb
language plpgsql stable security definer set search_path = safetymap, pg_temp as $$
declare w safetymap.workers;
begin
  select * into w from safetymap.workers where login = session_user;
  if not found then
    return null;
  end if;
  return jsonb_build_object('login', w.login, 'name', w.name, 'role', w.role,
                            'team', w.team, 'revoked', w.revoked);
end $$;

create function safetymap.visible_families() returns setof text
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select a.family_uid from safetymap.allocations a
    join safetymap.workers w on w.login = a.login
   where a.login = session_user and a.active and not w.revoked and w.role <> 'admin'
  union
  select f.uid from safetymap.families f
    join safetymap.workers w on w.team = f.team
   where w.login = session_user and w.role = 'supervisor' and not w.revoked
$$;

create function safetymap._can_write(p_family text) returns boolean
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select p_family in (select safetymap.visible_families())
      or exists (select 1 from safetymap.allocations a
                   join safetymap.workers w on w.login = a.login
                  where a.family_uid = p_family and a.login = session_user
                    and not a.active and not a.released and not w.revoked)
$$;

create function safetymap._audit(p_action text, p_family text, p_detail jsonb) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  prev text;
  line text;
begin
  -- one chain, one writer at a time: the head row is locked, and read as it is now
  select hash into prev from safetymap.audit_head where id = 1 for update;
  prev := coalesce(prev, '');
  line := concat_ws(E'\t',
    to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    session_user, p_action, coalesce(p_family, ''), coalesce(p_detail, '{}'::jsonb)::text);
  insert into safetymap.audit (login, action, family_uid, entry, prev_hash, hash)
  values (session_user, p_action, p_family, line, prev,
          encode(sha256(convert_to(prev || E'\n' || line, 'UTF8')), 'hex'));
  update safetymap.audit_head
     set hash = encode(sha256(convert_to(prev || E'\n' || line, 'UTF8')), 'hex')
   where id = 1;
end $$;

create function safetymap.head() returns bigint
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select coalesce(max(seq), 0) from safetymap.changesets
$$;

-- a conflict: a new row, or the same person's open one for the same field brought up to date
create function safetymap._conflict(p_family text, p_rec safetymap.records, p_field text,
                                    p_kind text, p_client jsonb, p_client_at timestamptz,
                                    p_seq bigint) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  cur bigint;
  s_login text;
  s_at timestamptz;
  s_value jsonb;
begin
  if p_field = '$deleted' or p_kind = 'signed' then
    cur := (select max(value::bigint) from jsonb_each_text(p_rec.revs));
    s_value := case when p_rec.deleted then null else p_rec.fields end;
  else
    cur := coalesce((p_rec.revs ->> p_field)::bigint, 0);
    s_value := p_rec.fields -> p_field;
  end if;
  select c.login, c.received_at into s_login, s_at from safetymap.changesets c where c.seq = cur;
  -- every laptop pulls the record again, so the one whose change lost shows the value kept
  update safetymap.records set seq = p_seq where uid = p_rec.uid;
  update safetymap.conflicts
     -- an edit of a removed record: this push's fields join the ones held already (a
     -- rename then another field, as two pushes, must both be there to keep)
     set client_value = case when p_kind = 'edited_deleted' and kind = 'edited_deleted'
                             then coalesce(client_value, '{}'::jsonb) || coalesce(p_client, '{}'::jsonb)
                             else p_client end,
         client_at = p_client_at, server_value = s_value,
         server_login = s_login, server_at = s_at, seq = p_seq, kind = p_kind
   where record_uid = p_rec.uid and field = p_field and client_login = session_user
     and resolution is null;
  if not found then
    insert into safetymap.conflicts (family_uid, record_uid, entity_type, field, kind,
      server_value, server_login, server_at, client_value, client_login, client_at, seq)
    values (p_family, p_rec.uid, p_rec.entity_type, p_field, p_kind, s_value, s_login, s_at,
            p_client, session_user, p_client_at, p_seq);
  end if;
end $$;

-- the records (not removed) that hang from p_uid, at any depth
create function safetymap._dependants(p_family text, p_uid text) returns setof text
language sql stable security definer set search_path = safetymap, pg_temp as $$
  with recursive dep(uid) as (
    select r.uid from safetymap.records r cross join lateral unnest(r.refs) f
     where r.family_uid = p_family and not r.deleted and r.fields ->> f = p_uid
    union
    select r.uid from safetymap.records r cross join lateral unnest(r.refs) f
      join dep on r.fields ->> f = dep.uid
     where r.family_uid = p_family and not r.deleted
  )
  select uid from dep
$$;

-- a record was added or changed under a removed one: the removal needs a person's decision
create function safetymap._check_parents(p_family text, p_uid text, p_type text,
                                         p_started timestamptz, p_seq bigint) returns int
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  r safetymap.records;
  parent safetymap.records;
  f text;
  n int := 0;
begin
  select * into r from safetymap.records where uid = p_uid;
  foreach f in array r.refs loop
    select * into parent from safetymap.records
     where uid = r.fields ->> f and family_uid = p_family for update;
    if found and parent.deleted then
      perform safetymap._conflict(p_family, parent, '$deleted', 'edited_deleted',
                                  jsonb_build_object('$added', p_type), p_started, p_seq);
      n := n + 1;
    end if;
  end loop;
  return n;
end $$;

create function safetymap.push(p_op text, p_family text, p_command text,
                               p_started timestamptz, p_changes jsonb) returns jsonb
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  w safetymap.workers;
  prior jsonb;
  v_seq bigint;
  ch jsonb;
  rec safetymap.records;
  have boolean;
  k text;
  val jsonb;
  cur bigint;
  base bigint;
  v_fields jsonb;
  v_revs jsonb;
  moved jsonb;
  touched boolean;
  applied jsonb := '{}'::jsonb;
  n_conflicts int := 0;
  n_records int := 0;
  result jsonb;
  deleting text[];
  twin safetymap.records;
  kg jsonb;
  held text[] := '{}';
  held_first text[] := '{}';
  more text[];
begin
  if p_op is null or p_op !~ '^[0-9a-f]{32}(\.[0-9]{1,4})?$' then
    raise exception 'not a valid operation id' using errcode = '22023';
  end if;
  if p_family is null or p_family !~ '^[0-9a-f]{32}$' then
    raise exception 'not a valid family id' using errcode = '22023';
  end if;
  if jsonb_typeof(p_changes) is distinct from 'array' then
    raise exception 'changes must be a list' using errcode = '22023';
  end if;
  select * into w from safetymap.workers where login = session_user and not revoked;
  if not found or w.role = 'admin' then
    raise exception 'not a worker of this team' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(72451);
  -- a retry (after a crash or a cut connection) gets the first answer back, applied once
  select c.result into prior from safetymap.changesets c where c.op_id = p_op;
  if found then
    -- only the same login's retry for the same family: another's answer is never given out
    if not exists (select 1 from safetymap.changesets c where c.op_id = p_op
                    and c.login = w.login and c.family_uid = p_family) then
      raise exception 'not a valid operation id' using errcode = '22023';
    end if;
    return prior || '{"repeat": true}'::jsonb;
  end if;
  if not exists (select 1 from safetymap.families where uid = p_family) then
    if not exists (select 1 from jsonb_array_elements(p_changes) c
                    where c ->> 'type' = 'Family' and c ->> 'uid' = p_family
                      and c ->> 'op' = 'insert') then
      raise exception 'this family is not on the team server' using errcode = '42501';
    end if;
    insert into safetymap.families (uid, team, created_by) values (p_family, w.team, w.login);
    insert into safetymap.allocations (family_uid, login, allocated_by)
    values (p_family, w.login, w.login);
    perform safetymap._audit('allocate', p_family,
      jsonb_build_object('login', w.login, 'why', 'made the family'));
  elsif not safetymap._can_write(p_family) then
    raise exception 'this family is not allocated to you' using errcode = '42501';
  end if;
  v_seq := nextval('safetymap.rev');
  -- Removals that need a decision: the record changed since this laptop saw it, or something
  -- it does not know of hangs from it. What the same push removes because it hung from one of
  -- those (a removed person's contact details) waits with it instead of going alone.
  select coalesce(array_agg(c ->> 'uid'), '{}') into deleting
    from jsonb_array_elements(p_changes) c where c ->> 'op' = 'delete';
  select coalesce(array_agg(r.uid), '{}') into held_first
    from jsonb_array_elements(p_changes) c join safetymap.records r on r.uid = c ->> 'uid'
   where c ->> 'op' = 'delete' and not r.deleted and r.family_uid = p_family
     and (exists (select 1 from jsonb_each_text(r.revs) rv
                   where rv.value::bigint > coalesce((c -> 'base' ->> rv.key)::bigint, 0))
          or exists (select 1 from safetymap._dependants(p_family, r.uid) d
                      where not (d = any (deleting))));
  held := held_first;
  loop
    select array_agg(r.uid) into more from safetymap.records r cross join lateral unnest(r.refs) f
     where r.uid = any (deleting) and not (r.uid = any (held)) and r.fields ->> f = any (held);
    exit when more is null;
    held := held || more;
  end loop;
  for ch in select value from jsonb_array_elements(p_changes) loop
    if jsonb_typeof(ch) is distinct from 'object'
       or coalesce(ch ->> 'uid', '') !~ '^[0-9a-f]{32}$'
       or coalesce(ch ->> 'op', '') not in ('insert', 'update', 'delete')
       or not (coalesce(ch ->> 'type', '') = any (%(types)s))
       or jsonb_typeof(coalesce(ch -> 'fields', '{}'::jsonb)) <> 'object'
       or jsonb_typeof(coalesce(ch -> 'base', '{}'::jsonb)) <> 'object'
       or jsonb_typeof(coalesce(ch -> 'refs', '[]'::jsonb)) <> 'array' then
      raise exception 'a change in this push is not valid' using errcode = '22023';
    end if;
    if (ch ->> 'type' = 'Family') <> (ch ->> 'uid' = p_family) then
      raise exception 'a change in this push names another family' using errcode = '22023';
    end if;
    -- a record never names one of another family (its family, its person, its entry)
    if (ch -> 'fields' ->> 'family_id') is not null
       and ch -> 'fields' ->> 'family_id' <> p_family then
      raise exception 'a change in this push names another family' using errcode = '22023';
    end if;
    if exists (select 1 from jsonb_each(coalesce(ch -> 'fields', '{}'::jsonb)) f
                 join safetymap.records o on o.uid = f.value #>> '{}'
                where jsonb_typeof(f.value) = 'string' and o.family_uid <> p_family) then
      raise exception 'a change in this push names a record of another family'
        using errcode = '22023';
    end if;

    n_records := n_records + 1;
    select * into rec from safetymap.records where uid = ch ->> 'uid' for update;
    have := found;
    if have and (rec.family_uid <> p_family or rec.entity_type <> ch ->> 'type') then
      raise exception 'a change in this push names a record of another kind or family'
        using errcode = '22023';
    end if;
    if not have then
      if ch ->> 'op' = 'delete' then
        continue;  -- never here: nothing to remove
      end if;
      -- The same thing made on two laptops (the plan of a family, a child seen at one visit,
      -- plan version 1): the record there already is the one; this one merges into it field
      -- by field, and its laptop takes the server's id for it.
      twin := null;
      -- the keys are the server's own (the client's are not trusted): never a supervision
      -- record, which is never merged into
      for kg in select value from jsonb_array_elements(case ch ->> 'type'
                   when 'ChildRelation' then '[["child_id", "person_id"]]'::jsonb
                   when 'SafetyCheckDecision' then '[["family_id", "key"]]'::jsonb
                   when 'VisitAttendance' then '[["visit_id", "person_id"]]'::jsonb
                   when 'SafetyPlan' then '[["family_id"]]'::jsonb
                   when 'SafetyPlanVersion' then '[["family_id", "version"]]'::jsonb
                   when 'Assessment' then '[["family_id"]]'::jsonb
                   else '[]'::jsonb end) loop
        select * into twin from safetymap.records r
         where r.family_uid = p_family and r.entity_type = ch ->> 'type' and not r.deleted
           and jsonb_typeof(kg) = 'array' and jsonb_array_length(kg) > 0
           and not exists (select 1 from jsonb_array_elements_text(kg) kk(name)
                            where (ch -> 'fields' -> kk.name) is null
                               or (r.fields -> kk.name) is distinct from
                                  (ch -> 'fields' -> kk.name))
         limit 1 for update;
        exit when twin.uid is not null;
      end loop;
      if twin.uid is not null then
        v_fields := twin.fields;
        v_revs := twin.revs;
        moved := jsonb_build_object('$merged_into', twin.uid);
        touched := false;
        for k, val in select key, value from jsonb_each(coalesce(ch -> 'fields', '{}'::jsonb))
        loop
          if (v_fields -> k) is not distinct from val
             or coalesce(val, 'null'::jsonb) in ('null', '""', '[]', '{}')
             or k in ('created_at', 'author') then
            -- the same, or left empty here, or when and by whom the one there was begun:
            -- what is there stands
            moved := moved || jsonb_build_object(k, coalesce((twin.revs ->> k)::bigint, 0));
          elsif (twin.revs -> k) is null
             or coalesce(v_fields -> k, 'null'::jsonb) in ('null', '""', '[]', '{}') then
            -- left empty there: this laptop's words fill it
            v_fields := v_fields || jsonb_build_object(k, val);
            v_revs := v_revs || jsonb_build_object(k, v_seq);
            moved := moved || jsonb_build_object(k, v_seq);
            touched := true;
          else
            perform safetymap._conflict(p_family, twin, k, 'field', val, p_started, v_seq);
            n_conflicts := n_conflicts + 1;
          end if;
        end loop;
        if touched then
          update safetymap.records set fields = v_fields, revs = v_revs, seq = v_seq
           where uid = twin.uid;
        end if;
        applied := applied || jsonb_build_object(ch ->> 'uid', moved);
        continue;
      end if;
      select coalesce(jsonb_object_agg(key, v_seq), '{}'::jsonb) into v_revs
        from jsonb_object_keys(coalesce(ch -> 'fields', '{}'::jsonb)) key;
      insert into safetymap.records (uid, family_uid, entity_type, fields, revs, deleted, seq,
                                     refs)
      values (ch ->> 'uid', p_family, ch ->> 'type', coalesce(ch -> 'fields', '{}'::jsonb),
              v_revs, false, v_seq,
              array(select jsonb_array_elements_text(coalesce(ch -> 'refs', '[]'::jsonb))));
      applied := applied || jsonb_build_object(ch ->> 'uid', v_seq);  -- every field it sent
      n_conflicts := n_conflicts + safetymap._check_parents(p_family, ch ->> 'uid',
                                                            ch ->> 'type', p_started, v_seq);
      continue;
    end if;
    if rec.entity_type = 'SupervisionRecord' and not rec.deleted
       and coalesce(rec.fields ->> 'signed_off_at', '') <> '' then
      -- signed off on the server: never changed, and the laptop is told
      if ch ->> 'op' <> 'update' or exists (
           select 1 from jsonb_each(ch -> 'fields') f
            where (rec.fields -> f.key) is distinct from f.value) then
        perform safetymap._conflict(p_family, rec, '*', 'signed',
          case when ch ->> 'op' = 'delete' then null else ch -> 'fields' end, p_started, v_seq);
        n_conflicts := n_conflicts + 1;
      end if;
      continue;
    end if;
    if ch ->> 'op' = 'delete' then
      if rec.deleted then
        continue;
      end if;
      if rec.uid = any (held_first) then
        perform safetymap._conflict(p_family, rec, '$deleted', 'deleted_edited', null,
                                    p_started, v_seq);
        n_conflicts := n_conflicts + 1;
      elsif rec.uid = any (held) then
        -- removed only because what it hangs from was: it waits for that decision, and the
        -- laptop gets it back meanwhile
        update safetymap.records set seq = v_seq where uid = rec.uid;
      else
        update safetymap.records
           set deleted = true, seq = v_seq, revs = revs || jsonb_build_object('$deleted', v_seq)
         where uid = rec.uid;
        applied := applied || jsonb_build_object(rec.uid, jsonb_build_object('$deleted', v_seq));
      end if;
      continue;
    end if;
    if rec.deleted then
      if (ch -> 'base' ->> '$deleted') is not null
         and (ch -> 'base' ->> '$deleted')::bigint = (rec.revs ->> '$deleted')::bigint then
        -- the laptop saw this deletion and brings the record back (an undo): no conflict
        select coalesce(jsonb_object_agg(key, v_seq), '{}'::jsonb) into v_revs
          from jsonb_object_keys(coalesce(ch -> 'fields', '{}'::jsonb)) key;
        update safetymap.records
           set deleted = false, fields = fields || coalesce(ch -> 'fields', '{}'::jsonb),
               revs = revs || v_revs || jsonb_build_object('$deleted', v_seq), seq = v_seq
         where uid = rec.uid;
        applied := applied || jsonb_build_object(rec.uid,
                                                 v_revs || jsonb_build_object('$deleted', v_seq));
        continue;
      end if;
      perform safetymap._conflict(p_family, rec, '$deleted', 'edited_deleted', ch -> 'fields',
                                  p_started, v_seq);
      n_conflicts := n_conflicts + 1;
      continue;
    end if;
    v_fields := rec.fields;
    v_revs := rec.revs;
    moved := '{}'::jsonb;
    touched := false;
    for k, val in select key, value from jsonb_each(coalesce(ch -> 'fields', '{}'::jsonb)) loop
      cur := coalesce((rec.revs ->> k)::bigint, 0);
      base := coalesce((ch -> 'base' ->> k)::bigint, 0);
      if (v_fields -> k) is not distinct from val then
        moved := moved || jsonb_build_object(k, cur);  -- the same value: nothing to decide
      elsif base = cur then
        v_fields := v_fields || jsonb_build_object(k, val);
        v_revs := v_revs || jsonb_build_object(k, v_seq);
        moved := moved || jsonb_build_object(k, v_seq);
        touched := true;
      else
        perform safetymap._conflict(p_family, rec, k, 'field', val, p_started, v_seq);
        n_conflicts := n_conflicts + 1;
      end if;
    end loop;
    if touched then
      update safetymap.records set fields = v_fields, revs = v_revs, seq = v_seq
       where uid = rec.uid;
      n_conflicts := n_conflicts + safetymap._check_parents(p_family, rec.uid, rec.entity_type,
                                                            p_started, v_seq);
    end if;
    applied := applied || jsonb_build_object(rec.uid, moved);
  end loop;
  result := jsonb_build_object('seq', v_seq, 'applied', applied, 'conflicts', n_conflicts);
  insert into safetymap.changesets (seq, op_id, family_uid, login, command, client_started_at,
                                    result)
  values (v_seq, p_op, p_family, w.login, coalesce(p_command, ''), p_started, result);
  perform safetymap._audit('push', p_family, jsonb_build_object('op', p_op,
    'command', coalesce(p_command, ''), 'records', n_records, 'conflicts', n_conflicts));
  return result;
end $$;

create function safetymap.put_blob(p_family text, p_sha text, p_data bytea) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
begin
  if safetymap._me() is null or not safetymap._can_write(p_family)
     or not exists (select 1 from safetymap.families where uid = p_family) then
    raise exception 'this family is not allocated to you' using errcode = '42501';
  end if;
  if p_data is null or encode(sha256(p_data), 'hex') <> p_sha then
    raise exception 'the picture does not match its fingerprint' using errcode = '22023';
  end if;
  if length(p_data) > 50 * 1024 * 1024 then
    raise exception 'the picture is too large' using errcode = '22023';
  end if;
  insert into safetymap.blobs (sha256, family_uid, data) values (p_sha, p_family, p_data)
  on conflict (family_uid, sha256) do nothing;
end $$;

-- Everything visible that changed after p_since, and every record of a visible family the
-- laptop does not hold yet. One query, so one snapshot: `head` (the newest revision in that
-- snapshot) is exact because writes commit in revision order (the write lock). The audit
-- lines are written after it, each reading the chain afresh under the lock (a snapshot taken
-- before the lock would fork the chain). A row with a null uid carries the head when nothing
-- changed.
create function safetymap.pull(p_since bigint, p_known text[])
returns table (uid text, family_uid text, entity_type text, fields jsonb, revs jsonb,
               deleted boolean, seq bigint, author text, head bigint)
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  r record;
  counts jsonb := '{}'::jsonb;
  v_head bigint := null;
  f text;
begin
  if safetymap._me() is null then
    raise exception 'not a member of this team' using errcode = '42501';
  end if;
  for r in
    with h as (select coalesce(max(c.seq), 0) as head from safetymap.changesets c),
         vis as (select safetymap.visible_families() as fam)
    select x.uid, x.family_uid, x.entity_type, x.fields, x.revs, x.deleted, x.seq,
           (select w.name from safetymap.changesets c join safetymap.workers w
               on w.login = c.login where c.seq = x.seq) as author, h.head,
           -- the caller's own write coming back to it tells it nothing new: not audited
           -- (unless it lost a conflict there, and learns the value kept)
           ((select c.login from safetymap.changesets c where c.seq = x.seq)
              is distinct from session_user
            or exists (select 1 from safetymap.conflicts k
                        where k.record_uid = x.uid and k.seq = x.seq)) as news
      from h left join safetymap.records x
        on x.family_uid in (select fam from vis)
       and (x.seq > p_since or not (x.family_uid = any (coalesce(p_known, '{}'))))
     order by x.seq, x.uid
  loop
    v_head := r.head;
    if r.uid is null then
      continue;
    end if;
    if r.news then
      counts := jsonb_set(counts, array[r.family_uid],
                          to_jsonb(coalesce((counts ->> r.family_uid)::int, 0) + 1));
    end if;
    uid := r.uid; family_uid := r.family_uid; entity_type := r.entity_type;
    fields := r.fields; revs := r.revs; deleted := r.deleted; seq := r.seq;
    author := r.author; head := r.head;
    return next;
  end loop;
  -- who pulled which family, with how many records
  for f in select jsonb_object_keys(counts) loop
    perform safetymap._audit('pull', f, jsonb_build_object('since', p_since,
                                                           'records', counts -> f));
  end loop;
  uid := null; family_uid := null; entity_type := null; fields := null; revs := null;
  deleted := null; seq := null; author := null; head := coalesce(v_head, 0);
  return next;
end $$;

create function safetymap.conflicts_since(p_since bigint)
returns table (id bigint, family_uid text, record_uid text, entity_type text, field text,
               kind text, server_value jsonb, server_name text, server_at timestamptz,
               client_value jsonb, client_login text, client_name text, client_at timestamptz,
               seq bigint, resolution text, resolved_by text)
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select c.id, c.family_uid, c.record_uid, c.entity_type, c.field, c.kind, c.server_value,
         (select name from safetymap.workers where login = c.server_login), c.server_at,
         c.client_value, c.client_login,
         (select name from safetymap.workers where login = c.client_login), c.client_at,
         c.seq, c.resolution,
         (select name from safetymap.workers where login = c.resolved_by)
    from safetymap.conflicts c
   where c.family_uid in (select safetymap.visible_families()) and c.seq > p_since
   order by c.id
$$;

-- who holds each family this login may see (the supervisor's team list)
create function safetymap.holders()
returns table (family_uid text, login text, name text)
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select a.family_uid, a.login, w.name
    from safetymap.allocations a join safetymap.workers w on w.login = a.login
   where a.active and a.family_uid in (select safetymap.visible_families())
   order by a.family_uid, w.name
$$;

create function safetymap.resolve(p_id bigint, p_keep text, p_value jsonb) returns jsonb
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  w safetymap.workers;
  c safetymap.conflicts;
  rec safetymap.records;
  v_seq bigint;
  chosen jsonb;
  v_revs jsonb;
  op text;
  result jsonb;
begin
  select * into w from safetymap.workers where login = session_user and not revoked;
  if not found or w.role = 'admin' then
    raise exception 'not a worker of this team' using errcode = '42501';
  end if;
  if p_keep not in ('mine', 'theirs', 'both') then
    raise exception 'keep must be mine, theirs or both' using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(72451);
  select * into c from safetymap.conflicts where id = p_id for update;
  if not found or not safetymap._can_write(c.family_uid) then
    raise exception 'there is no such conflict for you to resolve' using errcode = '42501';
  end if;
  if c.resolution is not null then
    return jsonb_build_object('already', c.resolution);
  end if;
  select * into rec from safetymap.records where uid = c.record_uid for update;
  if p_keep <> 'theirs' and rec.entity_type = 'SupervisionRecord'
     and coalesce(rec.fields ->> 'signed_off_at', '') <> '' then
    raise exception 'a signed-off supervision record cannot be changed' using errcode = '22023';
  end if;
  if p_value is not null and c.kind = 'edited_deleted' and jsonb_typeof(p_value) <> 'object' then
    raise exception 'a combined record must be a set of fields' using errcode = '22023';
  end if;
  if p_value is not null and exists (
       select 1 from jsonb_each(case when jsonb_typeof(p_value) = 'object' then p_value
                                     else jsonb_build_object('v', p_value) end) f
         join safetymap.records o on o.uid = f.value #>> '{}'
        where jsonb_typeof(f.value) = 'string' and o.family_uid <> c.family_uid) then
    raise exception 'a combined value names a record of another family' using errcode = '22023';
  end if;
  if c.kind = 'signed' and p_keep <> 'theirs' then
    raise exception 'a signed-off supervision record cannot be changed' using errcode = '22023';
  end if;
  if c.kind = 'deleted_edited' and p_keep = 'both' then
    raise exception 'a record cannot be both removed and kept; choose mine or theirs'
      using errcode = '22023';
  end if;
  if p_keep = 'both' and p_value is null then
    raise exception 'a combined value is needed' using errcode = '22023';
  end if;
  v_seq := nextval('safetymap.rev');
  op := md5('resolve.' || p_id::text);
  if p_keep <> 'theirs' then
    if c.kind = 'field' then
      chosen := case when p_keep = 'mine' then c.client_value else p_value end;
      if (rec.fields -> c.field) is distinct from chosen then
        update safetymap.records
           set fields = fields || jsonb_build_object(c.field, chosen),
               revs = revs || jsonb_build_object(c.field, v_seq), seq = v_seq
         where uid = rec.uid;
      end if;
    elsif c.kind = 'edited_deleted' then
      chosen := coalesce(case when p_keep = 'mine' then c.client_value else p_value end,
                         '{}'::jsonb);
      chosen := chosen - '$added';
      select coalesce(jsonb_object_agg(key, v_seq), '{}'::jsonb) into v_revs
        from jsonb_object_keys(chosen) key;
      update safetymap.records
         set deleted = false, fields = fields || chosen,
             revs = revs || v_revs || jsonb_build_object('$deleted', v_seq), seq = v_seq
       where uid = rec.uid;
      -- what it hangs from comes back with it
      update safetymap.records p set deleted = false, seq = v_seq,
             revs = p.revs || jsonb_build_object('$deleted', v_seq)
        from unnest(rec.refs) f
       where p.uid = rec.fields ->> f and p.family_uid = rec.family_uid and p.deleted;
    elsif c.kind = 'deleted_edited' then
      -- the removal, with everything that hangs from it (as the laptop's own removal did)
      update safetymap.records
         set deleted = true, seq = v_seq, revs = revs || jsonb_build_object('$deleted', v_seq)
       where uid in (select safetymap._dependants(rec.family_uid, rec.uid)) or uid = rec.uid;
    end if;
  elsif c.kind = 'edited_deleted' then
    -- the removal stands: what was added under it goes too, not left hanging unseen
    update safetymap.records
       set deleted = true, seq = v_seq, revs = revs || jsonb_build_object('$deleted', v_seq)
     where uid in (select safetymap._dependants(rec.family_uid, rec.uid));
  end if;
  -- every laptop pulls again what hangs from it (one that skipped a record whose parent it did
  -- not have gets it now)
  update safetymap.records r set seq = v_seq
   where r.uid in (select safetymap._dependants(rec.family_uid, rec.uid));
  -- whatever was kept, every laptop pulls the record again and shows the same
  update safetymap.records set seq = v_seq where uid = c.record_uid;
  update safetymap.conflicts
     set resolution = p_keep, resolved_by = w.login, resolved_at = now(), seq = v_seq
   where id = p_id;
  result := jsonb_build_object('seq', v_seq, 'resolution', p_keep);
  insert into safetymap.changesets (seq, op_id, family_uid, login, command, result)
  values (v_seq, op, c.family_uid, w.login, 'sync.resolve', result);
  perform safetymap._audit('resolve', c.family_uid,
    jsonb_build_object('conflict', p_id, 'keep', p_keep));
  return result;
end $$;

-- the laptop has removed a family it no longer holds: it will not push it again
create function safetymap.release(p_family text) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
begin
  update safetymap.allocations set released = true
   where family_uid = p_family and login = session_user and not active;
  if found then
    perform safetymap._audit('release', p_family, '{}'::jsonb);
  end if;
end $$;

-- --- administration ------------------------------------------------------------------------

create function safetymap._is_admin() returns boolean
language sql stable security definer set search_path = safetymap, pg_temp as $$
  select exists (select 1 from safetymap.workers
                  where login = session_user and role = 'admin' and not revoked)
      or exists (select 1 from pg_roles where rolname = session_user and rolsuper)
$$;

create function safetymap.add_worker(p_login text, p_name text, p_role text, p_team text)
returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
begin
  if not safetymap._is_admin() then
    raise exception 'only a team admin can add workers' using errcode = '42501';
  end if;
  insert into safetymap.teams (name) values (p_team) on conflict do nothing;
  insert into safetymap.workers (login, name, role, team) values (p_login, p_name, p_role, p_team)
  on conflict (login) do update set name = excluded.name, role = excluded.role,
                                    team = excluded.team, revoked = false;
  perform safetymap._audit('add-worker', null,
    jsonb_build_object('login', p_login, 'role', p_role, 'team', p_team));
end $$;

create function safetymap.revoke_worker(p_login text) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
begin
  if not safetymap._is_admin() then
    raise exception 'only a team admin can revoke a login' using errcode = '42501';
  end if;
  update safetymap.workers set revoked = true where login = p_login;
  if not found then
    raise exception 'there is no such login on this team' using errcode = '22023';
  end if;
  perform safetymap._audit('revoke', null, jsonb_build_object('login', p_login));
end $$;

-- FAMILY by its team id, or by a name that only one family has (the name is never returned)
create function safetymap.find_family(p_family text) returns text
language plpgsql stable security definer set search_path = safetymap, pg_temp as $$
declare
  found_uid text;
  n int;
  w safetymap.workers;
begin
  select * into w from safetymap.workers where login = session_user and not revoked;
  if not safetymap._is_admin() and coalesce(w.role, '') <> 'supervisor' then
    raise exception 'only an admin or a supervisor can allocate families' using errcode = '42501';
  end if;
  if exists (select 1 from safetymap.families where uid = p_family) then
    return p_family;
  end if;
  select count(*), min(r.family_uid) into n, found_uid from safetymap.records r
    join safetymap.families f on f.uid = r.family_uid
   where r.entity_type = 'Family' and not r.deleted and r.fields ->> 'display_name' = p_family
     and (safetymap._is_admin() or f.team = w.team);
  if n = 0 then
    raise exception 'no family on the team server has that id or name' using errcode = '22023';
  elsif n > 1 then
    raise exception 'more than one family has that name; give its team id' using errcode = '22023';
  end if;
  return found_uid;
end $$;

create function safetymap.allocate(p_family text, p_login text) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  w safetymap.workers;
  target safetymap.workers;
  f safetymap.families;
begin
  select * into w from safetymap.workers where login = session_user and not revoked;
  select * into f from safetymap.families where uid = p_family;
  if not found then
    raise exception 'no family on the team server has that id' using errcode = '22023';
  end if;
  if not (safetymap._is_admin() or (w.role = 'supervisor' and w.team = f.team)) then
    raise exception 'only an admin or the team''s supervisor can allocate this family'
      using errcode = '42501';
  end if;
  select * into target from safetymap.workers where login = p_login and not revoked;
  if not found or target.role = 'admin' then
    raise exception 'there is no such worker on this team' using errcode = '22023';
  end if;
  insert into safetymap.allocations (family_uid, login, allocated_by)
  values (p_family, p_login, session_user)
  on conflict (family_uid, login) do update
    set active = true, released = false, allocated_by = excluded.allocated_by,
        allocated_at = now();
  perform safetymap._audit('allocate', p_family,
    jsonb_build_object('login', p_login, 'by', session_user));
end $$;

create function safetymap.deallocate(p_family text, p_login text) returns void
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
declare
  w safetymap.workers;
  f safetymap.families;
begin
  select * into w from safetymap.workers where login = session_user and not revoked;
  select * into f from safetymap.families where uid = p_family;
  if not found then
    raise exception 'no family on the team server has that id' using errcode = '22023';
  end if;
  if not (safetymap._is_admin() or (w.role = 'supervisor' and w.team = f.team)) then
    raise exception 'only an admin or the team''s supervisor can de-allocate this family'
      using errcode = '42501';
  end if;
  update safetymap.allocations set active = false
   where family_uid = p_family and login = p_login and active;
  if not found then
    raise exception 'that family is not allocated to that worker' using errcode = '22023';
  end if;
  perform safetymap._audit('deallocate', p_family,
    jsonb_build_object('login', p_login, 'by', session_user));
end $$;

-- an admin reads case text only through this, and every read is in the audit log
create function safetymap.admin_read(p_family text)
returns table (uid text, entity_type text, fields jsonb, deleted boolean)
language plpgsql volatile security definer set search_path = safetymap, pg_temp as $$
begin
  if not safetymap._is_admin() then
    raise exception 'only a team admin can read a family this way' using errcode = '42501';
  end if;
  perform safetymap._audit('admin-read', p_family, '{}'::jsonb);
  return query select r.uid, r.entity_type, r.fields, r.deleted from safetymap.records r
                where r.family_uid = p_family order by r.seq, r.uid;
end $$;
"""

SECURITY = r"""
alter table safetymap.records enable row level security;
alter table safetymap.families enable row level security;
alter table safetymap.conflicts enable row level security;
alter table safetymap.blobs enable row level security;
alter table safetymap.changesets enable row level security;
alter table safetymap.allocations enable row level security;
alter table safetymap.workers enable row level security;
alter table safetymap.audit enable row level security;
alter table safetymap.teams enable row level security;
alter table safetymap.audit_head enable row level security;
create policy see_records on safetymap.records for select
  using (family_uid in (select safetymap.visible_families()));
create policy see_families on safetymap.families for select
  using (uid in (select safetymap.visible_families()) or safetymap._is_admin());
create policy see_conflicts on safetymap.conflicts for select
  using (family_uid in (select safetymap.visible_families()));
create policy see_blobs on safetymap.blobs for select
  using (family_uid in (select safetymap.visible_families()));
create policy see_changesets on safetymap.changesets for select
  using (family_uid in (select safetymap.visible_families()));
create policy see_own_allocations on safetymap.allocations for select
  using (login = session_user or safetymap._is_admin());
create policy see_self on safetymap.workers for select
  using (login = session_user or safetymap._is_admin());
create policy admin_audit on safetymap.audit for select using (safetymap._is_admin());
create policy admin_teams on safetymap.teams for select using (safetymap._is_admin());

revoke all on all tables in schema safetymap from public;
revoke all on all sequences in schema safetymap from public;
revoke all on all functions in schema safetymap from public;
revoke all on schema safetymap from public;
grant usage on schema safetymap to safetymap_worker, safetymap_supervisor, safetymap_admin;
grant select on safetymap.records, safetymap.families, safetymap.conflicts, safetymap.blobs,
  safetymap.changesets, safetymap.allocations, safetymap.workers
  to safetymap_worker, safetymap_supervisor;
grant select on safetymap.workers, safetymap.allocations, safetymap.audit, safetymap.teams,
  safetymap.families to safetymap_admin;
grant execute on function safetymap.whoami(), safetymap.visible_families(), safetymap.head(),
  safetymap.push(text, text, text, timestamptz, jsonb), safetymap.put_blob(text, text, bytea),
  safetymap.pull(bigint, text[]), safetymap.conflicts_since(bigint), safetymap.holders(),
  safetymap.resolve(bigint, text, jsonb), safetymap.release(text)
  to safetymap_worker, safetymap_supervisor;
grant execute on function safetymap.find_family(text), safetymap.allocate(text, text),
  safetymap.deallocate(text, text) to safetymap_supervisor, safetymap_admin;
grant execute on function safetymap.whoami(), safetymap.add_worker(text, text, text, text),
  safetymap.revoke_worker(text), safetymap.admin_read(text), safetymap.head()
  to safetymap_admin;
-- RLS policies and the functions they call run as the querying role
grant execute on function safetymap._is_admin() to safetymap_worker, safetymap_supervisor,
  safetymap_admin;
-- the admin's SELECT on families (ids, team, maker: no case text) runs that policy too
grant execute on function safetymap.visible_families() to safetymap_admin;
"""


def upgrade() -> None:
    op.execute(ROLES)
    # the login running `team init` creates everything as the owner role
    op.execute("do $$ begin execute format('grant safetymap_owner to %I', current_user); end $$")
    op.execute("create schema if not exists safetymap")
    op.execute("grant create, usage on schema safetymap to safetymap_owner")
    op.execute("alter schema safetymap owner to safetymap_owner")
    # Everything below belongs to the owner role, so SECURITY DEFINER runs as a role that
    # can do nothing outside this schema (not as the superuser who ran `team init`).
    op.execute("set local role safetymap_owner")
    op.execute(TABLES)
    types = "array[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    op.execute(FUNCTIONS.replace("%(types)s", types))
    op.execute("reset role")
    # (as the login running init: "all tables" includes Alembic's own version table)
    op.execute(SECURITY)


def downgrade() -> None:
    op.execute("drop schema safetymap cascade")
