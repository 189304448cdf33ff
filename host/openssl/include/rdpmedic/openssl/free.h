#pragma once
/// One deleter for every OpenSSL object: std::unique_ptr<X509, Free<X509_free>> frees with
/// the object's own free function, so each file no longer writes its own deleter structs.

namespace rdpmedic::openssl {

template <auto FreeFunction>
struct Free {
    template <class Object>
    void operator()(Object* object) const {
        FreeFunction(object);
    }
};

} // namespace rdpmedic::openssl
