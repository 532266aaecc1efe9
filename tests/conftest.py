"""Suite-wide settings: tests run against a throwaway SAFEPASSAGE_HOME made by `make test`."""
