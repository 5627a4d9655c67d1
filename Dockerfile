# Reinstate: one image for web processes behind a TLS-terminating reverse proxy.
# The same steps as the Makefile: requirements, compile_catalogues, collectstatic.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
    PORT=8000

# Pango and fonts for WeasyPrint (PDF letters); a CJK font so Chinese text never prints
# as empty boxes; curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fonts-liberation fonts-wqy-microhei fonts-noto-color-emoji \
      curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Build-time only: collectstatic and the catalogues need settings, not a database or a
# real key. The running container gets its SECRET_KEY and DATABASE_URL from the env.
RUN SECRET_KEY=build-only-not-secret python manage.py compile_catalogues \
 && SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin reinstate \
 && chown -R reinstate /app/staticfiles
USER reinstate

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" || exit 1

# Migrations run once per release, not per container:
#   docker run --rm --env-file prod.env IMAGE sh -c \
#     "python manage.py migrate --noinput && python manage.py createcachetable"
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips='*'"]
