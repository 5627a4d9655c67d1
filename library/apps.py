from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Phrase library")

    def ready(self):
        # Permissions exist only after migrate; the curators' group is kept in step then.
        post_migrate.connect(
            _sync_curators, sender=self, dispatch_uid="library-curators"
        )


def _sync_curators(sender, **kwargs):
    from .services import checker_rules_sync, curator_group_sync

    curator_group_sync()
    checker_rules_sync()
