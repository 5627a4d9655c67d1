"""A letter shape in the library can only be one an appeal can take.

Before this, a curator could add a shape with any slug, which no appeal could select
(``Round.shape`` only ever held classic or amazon_form) and which the library file
format now refuses, so it would block every export and publish. Such rows are removed
from the working copy here; published versions keep their frozen copy, and the
removed slugs are printed so a curator knows.
"""

from django.db import migrations, models

SHAPES = ("classic", "amazon_form")  # library.concepts.shape.SHAPES when written


def remove_unselectable_shapes(apps, schema_editor):
    LetterShape = apps.get_model("library", "LetterShape")
    stray = LetterShape.objects.exclude(slug__in=SHAPES)
    slugs = list(stray.values_list("slug", flat=True))
    if slugs:
        print(f"\n  Removed letter shapes no appeal can take: {', '.join(slugs)}")
        stray.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(remove_unselectable_shapes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="lettershape",
            name="slug",
            field=models.SlugField(
                choices=[
                    ("classic", "Classic letter"),
                    ("amazon_form", "Amazon appeal form"),
                ],
                max_length=40,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
