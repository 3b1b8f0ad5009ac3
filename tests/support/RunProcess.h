#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <string>
#include <thread>
#include <vector>

namespace portside::test {

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Runs a program to its end with the given standard input and extra environment; collects both outputs.
inline ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                                const std::string& input = {}, const Poco::Process::Env& env = {})
{
    Poco::Pipe in, out, err;
    Poco::ProcessHandle handle = Poco::Process::launch(program, args, std::string(), &in, &out, &err, env);
    ProcessResult result;
    std::thread errReader([&] {
        Poco::PipeInputStream s(err);
        Poco::StreamCopier::copyToString(s, result.err);
    });
    {
        Poco::PipeOutputStream s(in);
        s << input;
        s.close();
    }
    Poco::PipeInputStream s(out);
    Poco::StreamCopier::copyToString(s, result.out);
    errReader.join();
    result.exitCode = handle.wait();
    return result;
}

} // namespace portside::test
