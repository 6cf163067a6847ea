using System.Collections.Generic;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Regions and branches of one graph compared by identity, hashed by their place in the graph (as
    /// <see cref="Sites.OperationIdentity"/> does for operations): every graph's regions are new objects,
    /// and an object's first identity hash takes the runtime's slow path.
    /// </summary>
    internal sealed class GraphIdentity : IEqualityComparer<ControlFlowRegion>, IEqualityComparer<(ControlFlowRegion Region, ControlFlowBranch Branch)>
    {
        public static readonly GraphIdentity Instance = new GraphIdentity();

        private GraphIdentity()
        {
        }

        public bool Equals(ControlFlowRegion? x, ControlFlowRegion? y) => ReferenceEquals(x, y);

        public int GetHashCode(ControlFlowRegion obj) => (obj.FirstBlockOrdinal * 397 + obj.LastBlockOrdinal) * 16 + (int)obj.Kind;

        public bool Equals((ControlFlowRegion Region, ControlFlowBranch Branch) x, (ControlFlowRegion Region, ControlFlowBranch Branch) y) =>
            ReferenceEquals(x.Region, y.Region) && ReferenceEquals(x.Branch, y.Branch);

        public int GetHashCode((ControlFlowRegion Region, ControlFlowBranch Branch) obj) =>
            GetHashCode(obj.Region) * 31 + ((obj.Branch.Source?.Ordinal ?? -1) * 1024 + (obj.Branch.Destination?.Ordinal ?? -1)) * 2 + (obj.Branch.IsConditionalSuccessor ? 1 : 0);
    }
}
