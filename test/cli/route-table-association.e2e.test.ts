import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { expectValidReport } from '../report/validate.js';

/**
 * A route table association is part of its route table: it folds in (which subnets use the table)
 * and counts as judged exactly when the table it names is judged, through the real CLI.
 */

const MAIN = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}
variable "shared_table" {
  type = string
}
resource "aws_route_table_association" "shared" {
  subnet_id      = aws_subnet.public.id
  route_table_id = var.shared_table
}
`;

describe('route table associations', () => {
  it('fold into their route table and are counted as judged with it; one naming a table outside the configuration is judged at its own address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rta-'));
    writeFileSync(join(dir, 'main.tf'), MAIN);
    const run = vigil(['scan', '.', '--format', 'json', '--output', 'vigil.json', '--fail-on', 'none', '--quiet'], { cwd: dir });
    expect(run.stderr).not.toContain('internal error');
    const report = JSON.parse(readFileSync(join(dir, 'vigil.json'), 'utf8')) as ReportDocument;
    expectValidReport(report);
    const entry = report.coverage!.find((e) => e.source === 'terraform' && e.type === 'aws_route_table_association')!;
    expect(entry).toMatchObject({ count: 2, judged: 2 });
    expect(entry.rules).toContain('aws-vpc-no-unrestricted-route-to-igw');
    // The table that routes to the internet gateway fails; the association is one of its parts.
    const routeResults = report.results.filter((r) => r.rule.id === 'aws-vpc-no-unrestricted-route-to-igw');
    expect(routeResults.find((r) => r.resource.address === 'aws_route_table.public')?.status).toBe('fail');
    // The orphan (its table is given by a variable) is judged where it is written, and what only
    // the table could tell is unknown, never a pass.
    expect(routeResults.find((r) => r.resource.address === 'aws_route_table_association.shared')?.status).toBe('unknown');
  });
});
