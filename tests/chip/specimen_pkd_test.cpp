#include "chip/specimen.hpp"
#include <doctest/doctest.h>
