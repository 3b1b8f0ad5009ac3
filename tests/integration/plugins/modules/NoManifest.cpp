// An ordinary shared library: loadable, but no Poco manifest and no SDK version.
extern "C" __attribute__((visibility("default"))) int answer()
{
    return 42;
}
