"""The app's URLs plus ``/bench/plain``: a one-line view, the yardstick of `make bench`."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def plain(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/plain", plain), *app_urlpatterns]
