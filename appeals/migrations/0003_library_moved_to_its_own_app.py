"""The library's models now live in ``library`` (its 0001): state only, tables kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0002_round_outcome'),
        ('library', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='shapesection',
                    name='shape',
                ),
                migrations.RemoveField(
                    model_name='libraryversion',
                    name='published_by',
                ),
                migrations.AlterField(
                    model_name='round',
                    name='library_version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='library.libraryversion'),
                ),
                migrations.RemoveField(
                    model_name='phrase',
                    name='cause',
                ),
                migrations.RemoveField(
                    model_name='rootcause',
                    name='cause',
                ),
                migrations.RemoveField(
                    model_name='rootcausevariant',
                    name='root_cause',
                ),
                migrations.DeleteModel(
                    name='Action',
                ),
                migrations.DeleteModel(
                    name='LetterShape',
                ),
                migrations.DeleteModel(
                    name='ShapeSection',
                ),
                migrations.DeleteModel(
                    name='LibraryVersion',
                ),
                migrations.DeleteModel(
                    name='Phrase',
                ),
                migrations.DeleteModel(
                    name='SuspensionCause',
                ),
                migrations.DeleteModel(
                    name='RootCause',
                ),
                migrations.DeleteModel(
                    name='RootCauseVariant',
                ),
            ],
            database_operations=[],
        ),
    ]
