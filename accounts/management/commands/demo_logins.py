from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, url, **options):
        self.stdout.write(f"\nReinstate is starting on {url} — demo logins:")
        for username, role in DEMO_USERS.items():
            self.stdout.write(
                f"  {role:<32} user: {username:<12} password: {DEMO_PASSWORD}"
            )
        self.stdout.write("")
