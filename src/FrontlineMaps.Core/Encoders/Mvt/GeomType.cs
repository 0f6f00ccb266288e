namespace FrontlineMaps.Core.Encoders.Mvt.Proto;

/// <summary>
/// The Mapbox Vector Tile 2.1 message <c>Tile</c>, as far as the encoder needs it: its <c>GeomType</c> enumeration. The
/// encoder writes the protobuf bytes itself (<see cref="MvtLayerBuilder"/>), so Core needs no protobuf runtime; the tests
/// parse tiles with code generated from <c>vector_tile.proto</c>. The names are the ones that generated code gives.
/// </summary>
internal static class Tile
{
    /// <summary>Nested types of <c>Tile</c>.</summary>
    internal static class Types
    {
        /// <summary>A feature's geometry type (<c>Tile.GeomType</c> of the specification).</summary>
        internal enum GeomType
        {
            /// <summary>Not given.</summary>
            Unknown = 0,

            /// <summary>Points (MoveTo commands only).</summary>
            Point = 1,

            /// <summary>Line strings.</summary>
            Linestring = 2,

            /// <summary>Polygons: rings, exterior clockwise in tile coordinates.</summary>
            Polygon = 3,
        }
    }
}
