import { found } from './pattern-detection.spec-helper';

describe('STREET_ADDRESS', () => {
  it('finds US/UK style addresses with unit and city/state/ZIP', () => {
    expect(found('Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 today', 'STREET_ADDRESS')).toEqual(['1600 Pennsylvania Avenue NW, Washington, DC 20500']);
    expect(found('We are at 15 Millicent Drive, Suite 459 now', 'STREET_ADDRESS')).toEqual(['15 Millicent Drive, Suite 459']);
    expect(found('Office: 221B Baker St. London', 'STREET_ADDRESS')).toEqual(['221B Baker St. London']);
  });
  it('finds continental and Nordic forms and PO boxes', () => {
    expect(found('Shannon lives at 19 rue La Boétie, PARIS', 'STREET_ADDRESS')).toEqual(['19 rue La Boétie, PARIS']);
    expect(found('Adresse: Obere Bahnhofstrasse 9, Bassersdorf', 'STREET_ADDRESS')).toEqual(['Obere Bahnhofstrasse 9, Bassersdorf']);
    expect(found('Send it to P.O. Box 101 please', 'STREET_ADDRESS')).toEqual(['P.O. Box 101']);
    expect(found('Kromwater 38\n Apt. 705\n Zoetermeer', 'STREET_ADDRESS')).toEqual(['Kromwater 38\n Apt. 705\n Zoetermeer']);
  });
  it('covers the whole address block: unit, city, region, postcode and country across commas and lines', () => {
    expect(found('Send it to 42 Elm Road Apt. 3, Springfield, IL 62704 by Friday', 'STREET_ADDRESS')).toEqual(['42 Elm Road Apt. 3, Springfield, IL 62704']);
    expect(found('Address:\n10 Downing Street\nLondon\nSW1A 2AA\nUnited Kingdom', 'STREET_ADDRESS')).toEqual(['10 Downing Street\nLondon\nSW1A 2AA\nUnited Kingdom']);
    expect(found('Wohnt in Hauptstraße 5, 10115 Berlin, Deutschland.', 'STREET_ADDRESS')).toEqual(['Hauptstraße 5, 10115 Berlin, Deutschland']);
    expect(found('2500 Main Street Suite 100 Calgary AB', 'STREET_ADDRESS')).toEqual(['2500 Main Street Suite 100 Calgary AB']);
    expect(found('12 Via Roma 5\nMilano\n, MI\n 20121', 'STREET_ADDRESS')).toEqual(['12 Via Roma 5\nMilano\n, MI\n 20121']);
    expect(found('my address is 7 rue des lilas apt. 4, lyon, france', 'STREET_ADDRESS')).toEqual(['7 rue des lilas apt. 4, lyon, france']);
  });
  it('takes a street line without a street word only when a place block confirms it', () => {
    expect(found('Write to 37 Parva Domus 6896, Pesconuovo, Latvia', 'STREET_ADDRESS')).toEqual(['37 Parva Domus 6896, Pesconuovo, Latvia']);
    expect(found('Order 12345, Paris, France was shipped', 'STREET_ADDRESS')).toEqual([]);
  });
  it('finds a named street without a number, but not as part of a longer proper name', () => {
    expect(found('She lives on Adams Street.', 'STREET_ADDRESS')).toEqual(['Adams Street']);
    expect(found('I read it in the Wall Street Journal', 'STREET_ADDRESS')).toEqual([]);
  });
  it('does not swallow the following sentence into the address', () => {
    expect(found('We met at 5 Main Street, John will visit later', 'STREET_ADDRESS')).toEqual(['5 Main Street']);
    expect(found('It is at 123 Main Street The office opens at 9', 'STREET_ADDRESS')).toEqual(['123 Main Street']);
    expect(found('He lived at 123 Main Street 2019 was a good year', 'STREET_ADDRESS')).toEqual(['123 Main Street']);
  });
  it('joins an intersection of two streets into one span', () => {
    expect(found('Meet me at the corner of 69 Spencer Street and Maclean Street.', 'STREET_ADDRESS')).toEqual(['69 Spencer Street and Maclean Street']);
    expect(found('at the corner of Ilichova 50 and Salcido Street', 'STREET_ADDRESS')).toEqual(['Ilichova 50 and Salcido Street']);
    expect(found('the corner of hochstrasse 63 and henriksen street', 'STREET_ADDRESS')).toEqual(['hochstrasse 63 and henriksen street']);
  });
  it('keeps a district number after the city', () => {
    expect(found('35 Hausergasse 59 Suite 106, Karlovy Vary 17, Japan 67785', 'STREET_ADDRESS')).toEqual(['35 Hausergasse 59 Suite 106, Karlovy Vary 17, Japan 67785']);
  });
  it('does not flag ordinary sentences with numbers', () => {
    expect(found('I parked 3 cars in the park and walked 2 miles', 'STREET_ADDRESS')).toEqual([]);
    expect(found('The brigade 5 arrived during 5 minutes', 'STREET_ADDRESS')).toEqual([]);
    expect(found('Chapter 12 covers the main street of history', 'STREET_ADDRESS')).toEqual([]);
  });
});
