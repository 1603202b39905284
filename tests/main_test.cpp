// The doctest runner for all unit tests (tests/ mirrors lib/).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
