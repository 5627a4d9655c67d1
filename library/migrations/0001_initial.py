"""The library's models move here from ``appeals``: a change of Django state only.

The tables keep their names (``appeals_*``, see each model's ``db_table``), so no row is
copied and nothing can be lost. The content types move with the models, so the
curators' group permissions and the admin's history follow them.
"""

import django.db.models.deletion
import django.utils.timezone
import library.models
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "suspensioncause",
    "rootcause",
    "rootcausevariant",
    "action",
    "phrase",
    "lettershape",
    "shapesection",
    "libraryversion",
]


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(
                app_label=target
            )


def forwards(apps, schema_editor):
    _move_content_types(apps, "appeals", "library")


def backwards(apps, schema_editor):
    _move_content_types(apps, "library", "appeals")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("appeals", "0002_round_outcome"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LetterShape',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=40, unique=True, verbose_name='slug')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'letter shape',
                        'verbose_name_plural': 'letter shapes',
                        'db_table': 'appeals_lettershape',
                        'ordering': ['position', 'slug'],
                    },
                ),
                migrations.CreateModel(
                    name='RootCause',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=80, verbose_name='slug')),
                        ('title', models.CharField(max_length=200, verbose_name='short title')),
                        ('explanation', models.TextField(help_text='Markdown. The sentence the letter uses to state this root cause.', validators=[library.models.validate_placeholders, library.models.validate_no_links], verbose_name='explanation')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'root cause',
                        'verbose_name_plural': 'root causes',
                        'db_table': 'appeals_rootcause',
                        'ordering': ['cause', 'position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SuspensionCause',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('metric', models.CharField(choices=[('odr', 'Order Defect Rate'), ('cancellation_rate', 'Cancellation Rate'), ('late_shipment_rate', 'Late Shipment Rate'), ('valid_tracking_rate', 'Valid Tracking Rate'), ('on_time_delivery', 'On-Time Delivery Rate'), ('none', 'No metric')], default='none', max_length=30, verbose_name='metric')),
                        ('guidance', models.TextField(blank=True, verbose_name='guidance for the seller')),
                        ('evidence_checklist', models.TextField(blank=True, help_text='One document per line.', verbose_name='evidence checklist')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'suspension cause',
                        'verbose_name_plural': 'suspension causes',
                        'db_table': 'appeals_suspensioncause',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='LibraryVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(unique=True, verbose_name='version')),
                        ('published_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='published')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('checksum', models.CharField(editable=False, max_length=64, verbose_name='checksum')),
                        ('data', models.JSONField(editable=False, verbose_name='library data')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'published library version',
                        'verbose_name_plural': 'published library versions',
                        'db_table': 'appeals_libraryversion',
                        'ordering': ['-number'],
                        'get_latest_by': 'number',
                    },
                ),
                migrations.CreateModel(
                    name='RootCauseVariant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('explanation', models.TextField(validators=[library.models.validate_placeholders, library.models.validate_no_links], verbose_name='explanation')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('root_cause', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='variants', to='library.rootcause')),
                    ],
                    options={
                        'verbose_name': 'explanation variant',
                        'verbose_name_plural': 'explanation variants',
                        'db_table': 'appeals_rootcausevariant',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ShapeSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('acknowledgement', 'Acknowledgement, metric and affected orders'), ('apology', 'Apology'), ('root_causes', 'Root causes'), ('transition', 'Transition to the plan'), ('plan', 'Numbered plan of action (corrective and preventive)'), ('corrective', 'Actions taken to resolve the issue'), ('preventive', 'Steps to prevent it happening again'), ('closing', 'Closing'), ('signature', 'Signature')], max_length=30, verbose_name='kind')),
                        ('heading', models.CharField(blank=True, max_length=200, validators=[library.models.validate_placeholders], verbose_name='heading')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('shape', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='library.lettershape')),
                    ],
                    options={
                        'verbose_name': 'section',
                        'verbose_name_plural': 'sections',
                        'db_table': 'appeals_shapesection',
                        'ordering': ['shape', 'position', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='rootcause',
                    name='cause',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='root_causes', to='library.suspensioncause'),
                ),
                migrations.CreateModel(
                    name='Phrase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.SlugField(max_length=80, unique=True, verbose_name='key')),
                        ('section', models.CharField(choices=[('acknowledgement', 'Acknowledgement'), ('apology', 'Apology'), ('transition', 'Transition to the plan'), ('closing', 'Closing'), ('buyer_message', 'Buyer apology message'), ('annotation_request', 'Note asking Seller Performance to annotate')], max_length=30, verbose_name='section')),
                        ('text', models.TextField(help_text='Markdown.', validators=[library.models.validate_placeholders, library.models.validate_no_links], verbose_name='text')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('cause', models.ForeignKey(blank=True, help_text='Leave empty for a phrase that suits every cause.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='phrases', to='library.suspensioncause')),
                    ],
                    options={
                        'verbose_name': 'phrase',
                        'verbose_name_plural': 'phrases',
                        'db_table': 'appeals_phrase',
                        'ordering': ['section', 'position', 'key'],
                    },
                ),
                migrations.CreateModel(
                    name='Action',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=80, verbose_name='slug')),
                        ('kind', models.CharField(choices=[('corrective', 'Corrective (already done)'), ('preventive', 'Preventive (ongoing)')], max_length=20, verbose_name='kind')),
                        ('text', models.TextField(help_text='Markdown. Corrective actions in the past tense, preventive ones ongoing.', validators=[library.models.validate_placeholders, library.models.validate_no_links], verbose_name='text')),
                        ('default_timeframe', models.CharField(help_text='e.g. "within 24 hours", "every Monday", "completed within 2 days"', max_length=120, verbose_name='default timeframe')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('root_cause', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='library.rootcause')),
                    ],
                    options={
                        'verbose_name': 'action',
                        'verbose_name_plural': 'actions',
                        'db_table': 'appeals_action',
                        'ordering': ['root_cause', 'position', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('root_cause', 'slug'), name='action_slug_per_root_cause')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='rootcause',
                    constraint=models.UniqueConstraint(fields=('cause', 'slug'), name='root_cause_slug_per_cause'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
