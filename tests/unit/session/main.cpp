#define BOOST_TEST_MODULE portside bedside session
#include <boost/test/unit_test.hpp>
