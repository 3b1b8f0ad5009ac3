#define BOOST_TEST_MODULE portside core unit tests
#include <boost/test/unit_test.hpp>
