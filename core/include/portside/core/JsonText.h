#pragma once

// JSON text written straight into a string, for the hot paths of sync (a kiosk's batch, the server's rows for the
// database and its answer): building Poco's JSON objects for them cost more than the work they describe. Strings are
// escaped as RFC 8259 says (quotes, backslashes, control characters); UTF-8 passes as it is, so callers give valid
// UTF-8 only.

#include <Poco/Types.h>

#include <string>

namespace portside::core {

/// A JSON string: quotes, backslashes and control characters escaped, UTF-8 as it is (the API takes only valid UTF-8).
inline void appendString(std::string& out, const std::string& value)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += "\\u00";
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

/// The rows a statement takes, written as one JSON array of objects (written here: building Poco's objects cost
/// more than the database's work on them).
class JsonRows {
public:
    JsonRows& row()
    {
        _text += _rows++ == 0 ? "[{" : "},{";
        _first = true;
        return *this;
    }
    JsonRows& add(const char* name, const std::string& value)
    {
        key(name);
        appendString(_text, value);
        return *this;
    }
    /// A value that is already JSON text (an object written by another JsonRows, say).
    JsonRows& addJson(const char* name, const std::string& json)
    {
        key(name);
        _text += json;
        return *this;
    }
    JsonRows& add(const char* name, Poco::Int64 value)
    {
        key(name);
        _text += std::to_string(value);
        return *this;
    }
    std::size_t size() const { return _rows; }
    std::string text() const { return _rows == 0 ? "[]" : _text + "}]"; }
    /// The first row alone, as a JSON object (for a writer used for one object).
    std::string object() const { return _rows == 0 ? "{}" : _text.substr(1) + "}"; }

private:
    void key(const char* name)
    {
        if (!_first)
            _text += ',';
        _first = false;
        _text += '"';
        _text += name;
        _text += "\":";
    }
    std::string _text;
    std::size_t _rows = 0;
    bool _first = true;
};

/// A JSON array of strings.
class JsonList {
public:
    void add(const std::string& value)
    {
        _text += _size++ == 0 ? "[" : ",";
        appendString(_text, value);
    }
    std::size_t size() const { return _size; }
    std::string text() const { return _size == 0 ? "[]" : _text + "]"; }

private:
    std::string _text;
    std::size_t _size = 0;
};

} // namespace portside::core
