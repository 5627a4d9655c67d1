from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, **options):
        self.stdout.write(
            "\nReinstate is starting on http://127.0.0.1:8000/ — demo logins:"
        )
        for username, role in DEMO_USERS.items():
            self.stdout.write(
                f"  {role:<32} user: {username:<12} password: {DEMO_PASSWORD}"
            )
        self.stdout.write("")
