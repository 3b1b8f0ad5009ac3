#include "portside/core/SiteSettings.h"

#include "TempDir.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace portside;

BOOST_AUTO_TEST_SUITE(site_settings)

BOOST_AUTO_TEST_CASE(file_values_override_defaults_and_code_overrides_the_file)
{
    test::TempDir dir;
    std::ofstream(dir.file("site.properties"))
        << "# ward 7 settings\nport-access.dry_s = 45\nport-access.flush_ml=20\n";
    core::SiteSettings settings;
    settings.loadFile(dir.file("site.properties"));
    BOOST_TEST(settings.get("port-access.dry_s", "30") == "45");
    BOOST_TEST(settings.get("port-access.flush_ml", "10") == "20");
    BOOST_TEST(settings.get("port-access.scrub_s", "30") == "30");
    settings.set("port-access.dry_s", "60");
    BOOST_TEST(settings.get("port-access.dry_s", "30") == "60");
}

BOOST_AUTO_TEST_CASE(a_missing_file_leaves_every_default)
{
    core::SiteSettings settings;
    settings.loadFile("/nonexistent/site.properties");
    BOOST_TEST(settings.get("anything", "default") == "default");
}

BOOST_AUTO_TEST_SUITE_END()
