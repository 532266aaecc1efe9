"""Exchanges: rounds, versioned lists, the exchange guard, manifests; notifications."""
