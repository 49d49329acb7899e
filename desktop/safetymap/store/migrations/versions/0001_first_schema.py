"""First schema: the whole domain model, the audit log, the edit history and the FTS5 index.

Frozen: never edit a released migration; add a new one.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('entity_uid', sa.String(length=32), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_family_id'), ['family_id'], unique=False)

    op.create_table('entity_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('entity_uid', sa.String(length=32), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('operation', sa.String(length=10), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_versions'))
    )
    with op.batch_alter_table('entity_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_versions_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_versions_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_versions_entity_type'), ['entity_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_versions_entity_uid'), ['entity_uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_versions_family_id'), ['family_id'], unique=False)

    op.create_table('families',
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('template_id', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_families')),
    sa.UniqueConstraint('uid', name=op.f('uq_families_uid'))
    )
    op.create_table('store_meta',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_store_meta'))
    )
    op.create_table('assessments',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('analysis', sa.Text(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('family_note', sa.Text(), nullable=False),
    sa.Column('concluded_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_assessments_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('family_id', name=op.f('uq_assessments_family_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_assessments_uid'))
    )
    op.create_table('chronology_events',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('learned', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_chronology_events_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_events')),
    sa.UniqueConstraint('uid', name=op.f('uq_chronology_events_uid'))
    )
    with op.batch_alter_table('chronology_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_events_family_id'), ['family_id'], unique=False)

    op.create_table('people',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('role', sa.Enum('CHILD', 'ADULT', 'NETWORK', 'PROFESSIONAL', name='personrole', native_enum=False, length=20), nullable=False),
    sa.Column('relationship_label', sa.String(length=200), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('age_years', sa.Integer(), nullable=True),
    sa.Column('in_household', sa.Boolean(), nullable=False),
    sa.Column('closeness', sa.Integer(), nullable=True),
    sa.Column('network_role', sa.Text(), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_people_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('uid', name=op.f('uq_people_uid'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_family_id'), ['family_id'], unique=False)

    op.create_table('safety_plan_versions',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_safety_plan_versions_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_plan_versions')),
    sa.UniqueConstraint('family_id', 'version', name=op.f('uq_safety_plan_versions_family_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_safety_plan_versions_uid'))
    )
    with op.batch_alter_table('safety_plan_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_plan_versions_family_id'), ['family_id'], unique=False)

    op.create_table('safety_plans',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_safety_plans_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_plans')),
    sa.UniqueConstraint('family_id', name=op.f('uq_safety_plans_family_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_safety_plans_uid'))
    )
    op.create_table('supervision_records',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('is_group', sa.Boolean(), nullable=False),
    sa.Column('reflections', sa.Text(), nullable=False),
    sa.Column('supervisor_score', sa.Integer(), nullable=True),
    sa.Column('score_reasons', sa.Text(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('group_summary', sa.Text(), nullable=False),
    sa.Column('signed_off_by', sa.String(length=300), nullable=False),
    sa.Column('signed_off_role', sa.String(length=300), nullable=False),
    sa.Column('signed_off_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.CheckConstraint('supervisor_score IS NULL OR (supervisor_score >= 0 AND supervisor_score <= 10)', name=op.f('ck_supervision_records_score_range')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_supervision_records_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_records')),
    sa.UniqueConstraint('uid', name=op.f('uq_supervision_records_uid'))
    )
    with op.batch_alter_table('supervision_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_records_family_id'), ['family_id'], unique=False)

    op.create_table('visits',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_visits_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
    sa.UniqueConstraint('uid', name=op.f('uq_visits_uid'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_family_id'), ['family_id'], unique=False)

    op.create_table('attachments',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['people.id'], name=op.f('fk_attachments_child_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_attachments_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('uid', name=op.f('uq_attachments_uid'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_family_id'), ['family_id'], unique=False)

    op.create_table('contact_details',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ADDRESS', 'PHONE', 'EMAIL', 'OTHER', name='contactkind', native_enum=False, length=20), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('safe_to_share', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_contact_details_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_details')),
    sa.UniqueConstraint('uid', name=op.f('uq_contact_details_uid'))
    )
    with op.batch_alter_table('contact_details', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_details_person_id'), ['person_id'], unique=False)

    op.create_table('map_entries',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Enum('HARM', 'WORRY', 'COMPLICATING', 'STRENGTH', 'EXISTING_SAFETY', 'GOAL', 'NEXT_STEP', name='maparea', native_enum=False, length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('view_person_id', sa.Integer(), nullable=True),
    sa.Column('view_label', sa.String(length=200), nullable=False),
    sa.Column('worry_who', sa.Text(), nullable=False),
    sa.Column('worry_behaviour', sa.Text(), nullable=False),
    sa.Column('worry_situation', sa.Text(), nullable=False),
    sa.Column('worry_impact', sa.Text(), nullable=False),
    sa.Column('paired_worry_id', sa.Integer(), nullable=True),
    sa.Column('step_who', sa.String(length=300), nullable=False),
    sa.Column('agreed_date', sa.Date(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_map_entries_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paired_worry_id'], ['map_entries.id'], name=op.f('fk_map_entries_paired_worry_id_map_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['view_person_id'], ['people.id'], name=op.f('fk_map_entries_view_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_map_entries')),
    sa.UniqueConstraint('uid', name=op.f('uq_map_entries_uid'))
    )
    with op.batch_alter_table('map_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_map_entries_area'), ['area'], unique=False)
        batch_op.create_index(batch_op.f('ix_map_entries_family_id'), ['family_id'], unique=False)

    op.create_table('scores',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('scorer_label', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('scale_wording', sa.Text(), nullable=False),
    sa.Column('scored_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.CheckConstraint('value >= 0 AND value <= 10', name=op.f('ck_scores_range')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_scores_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_scores_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('uid', name=op.f('uq_scores_uid'))
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scores_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scores_scored_at'), ['scored_at'], unique=False)

    op.create_table('three_houses',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('house', sa.Enum('WORRIES', 'GOOD_THINGS', 'DREAMS', name='house', native_enum=False, length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['people.id'], name=op.f('fk_three_houses_child_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_three_houses_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_three_houses')),
    sa.UniqueConstraint('uid', name=op.f('uq_three_houses_uid'))
    )
    with op.batch_alter_table('three_houses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_three_houses_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_three_houses_family_id'), ['family_id'], unique=False)

    op.create_table('visit_attendance',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('seen', sa.Boolean(), nullable=True),
    sa.Column('seen_alone', sa.Boolean(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_visit_attendance_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_attendance_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_attendance')),
    sa.UniqueConstraint('uid', name=op.f('uq_visit_attendance_uid')),
    sa.UniqueConstraint('visit_id', 'person_id', name=op.f('uq_visit_attendance_visit_id'))
    )
    with op.batch_alter_table('visit_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_attendance_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_attendance_visit_id'), ['visit_id'], unique=False)

    op.create_table('words_and_pictures',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['people.id'], name=op.f('fk_words_and_pictures_child_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_words_and_pictures_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_words_and_pictures')),
    sa.UniqueConstraint('uid', name=op.f('uq_words_and_pictures_uid'))
    )
    with op.batch_alter_table('words_and_pictures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_words_and_pictures_family_id'), ['family_id'], unique=False)

    op.create_table('entry_stances',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('stance', sa.Enum('AGREES', 'DISAGREES', 'UNSURE', name='stance', native_enum=False, length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['map_entries.id'], name=op.f('fk_entry_stances_entry_id_map_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_entry_stances_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_stances')),
    sa.UniqueConstraint('uid', name=op.f('uq_entry_stances_uid'))
    )
    with op.batch_alter_table('entry_stances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_stances_entry_id'), ['entry_id'], unique=False)


    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "family_id UNINDEXED, kind UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2', "
        "prefix = '2 3')"
    )

def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    with op.batch_alter_table('entry_stances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_stances_entry_id'))

    op.drop_table('entry_stances')
    with op.batch_alter_table('words_and_pictures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_words_and_pictures_family_id'))

    op.drop_table('words_and_pictures')
    with op.batch_alter_table('visit_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_attendance_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_attendance_person_id'))

    op.drop_table('visit_attendance')
    with op.batch_alter_table('three_houses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_three_houses_family_id'))
        batch_op.drop_index(batch_op.f('ix_three_houses_child_id'))

    op.drop_table('three_houses')
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scores_scored_at'))
        batch_op.drop_index(batch_op.f('ix_scores_family_id'))

    op.drop_table('scores')
    with op.batch_alter_table('map_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_map_entries_family_id'))
        batch_op.drop_index(batch_op.f('ix_map_entries_area'))

    op.drop_table('map_entries')
    with op.batch_alter_table('contact_details', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_details_person_id'))

    op.drop_table('contact_details')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_family_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_family_id'))

    op.drop_table('visits')
    with op.batch_alter_table('supervision_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_records_family_id'))

    op.drop_table('supervision_records')
    op.drop_table('safety_plans')
    with op.batch_alter_table('safety_plan_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_plan_versions_family_id'))

    op.drop_table('safety_plan_versions')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_family_id'))

    op.drop_table('people')
    with op.batch_alter_table('chronology_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_events_family_id'))

    op.drop_table('chronology_events')
    op.drop_table('assessments')
    op.drop_table('store_meta')
    op.drop_table('families')
    with op.batch_alter_table('entity_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_versions_family_id'))
        batch_op.drop_index(batch_op.f('ix_entity_versions_entity_uid'))
        batch_op.drop_index(batch_op.f('ix_entity_versions_entity_type'))
        batch_op.drop_index(batch_op.f('ix_entity_versions_entity_id'))
        batch_op.drop_index(batch_op.f('ix_entity_versions_changed_at'))

    op.drop_table('entity_versions')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_family_id'))

    op.drop_table('audit_log')
