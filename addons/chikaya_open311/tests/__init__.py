from . import (
    test_georeport,
    test_open311_api_key,
    test_open311_client,
    test_open311_errors,
    test_open311_location,
    test_open311_requests,
    test_open311_services,
)
