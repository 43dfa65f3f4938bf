"""Multilingual place gazetteer: GeoNames cities, countries, US states, and the
regions and groups of the override file, scanned with exact offsets."""

from citypact.gazetteer.build import GazetteerError
from citypact.gazetteer.index import Gazetteer, get_gazetteer

__all__ = ["Gazetteer", "GazetteerError", "get_gazetteer"]
