"""The API fixtures (an app over a real embedded store holding the sample) for the security tests."""

from tests.api.conftest import api_settings, api_store  # noqa: F401 - fixtures re-exported
