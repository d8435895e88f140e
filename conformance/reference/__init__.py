"""Reference data shipped with the package (municipality list, map shapes), read-only.

Sits between the services and the pure domain: services may read it; it reads only the domain.
"""
