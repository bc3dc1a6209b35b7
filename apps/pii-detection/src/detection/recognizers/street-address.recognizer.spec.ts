import { fastestMs as fastestOf, LOADED_MACHINE_MARGIN, MAX_RATIO, NOISE_MS } from '../linear-time.spec-helper';
import { found } from './pattern-detection.spec-helper';
import { createStreetAddressRecognizer } from './street-address.recognizer';

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
  it('never takes a digit group of a phone number on the next line for a postcode', () => {
    expect(found('11 Eriksbo Västergärde 98\n Suite 568\n ANGERED\n Mali\n089 72 63 41 office', 'STREET_ADDRESS')).toEqual(['11 Eriksbo Västergärde 98\n Suite 568\n ANGERED\n Mali']);
    expect(found('09 Genterstrasse 49\n Apt. 339\n Kiel\n East Timor 68748\n0431 35 06 90 office', 'STREET_ADDRESS')).toEqual(['09 Genterstrasse 49\n Apt. 339\n Kiel\n East Timor 68748']);
  });
  it('takes capitalised street types that are also words, but not their lower-case forms', () => {
    expect(found('Send it to 70 Dora Creek Apt. 604 today', 'STREET_ADDRESS')).toEqual(['70 Dora Creek Apt. 604']);
    expect(found('We walked 3 miles to the creek', 'STREET_ADDRESS')).toEqual([]);
    expect(found('I have 2 good point for you', 'STREET_ADDRESS')).toEqual([]);
  });
  it('confirms a street line without a street word by its dwelling unit', () => {
    expect(found('38 124 N. Stadion Suite 056 Larnaka', 'STREET_ADDRESS')).toEqual(['38 124 N. Stadion Suite 056 Larnaka']);
    expect(found('Page 12 Table Unit 5 is missing', 'STREET_ADDRESS')).toEqual([]);
  });
  it('takes a dwelling unit written before the street', () => {
    expect(found('Ms. Holly Prošková Apt. 370 25 P.O. Box 108', 'STREET_ADDRESS')).toEqual(['Apt. 370 25 P.O. Box 108']);
    expect(found('Mrs. Karen Thorkildsen Suite 680 36 4022 Oakridge Lane\nDallas TX 48486', 'STREET_ADDRESS')).toEqual(['Suite 680 36 4022 Oakridge Lane\nDallas TX 48486']);
  });
  it('reads an empty exported field ("nan", "NULL") inside an address block', () => {
    expect(found('Meet me at 58 Λ. Πεντέλης 152\nLjubljana, nan 53554', 'STREET_ADDRESS')).toEqual(['58 Λ. Πεντέλης 152\nLjubljana, nan 53554']);
    expect(found('Ship to 4 Elm Road, Springfield, NULL, 62704 now', 'STREET_ADDRESS')).toEqual(['4 Elm Road, Springfield, NULL, 62704']);
    // A placeholder alone is no address.
    expect(found('value: nan, 53554', 'STREET_ADDRESS')).toEqual([]);
  });
  it('takes a one-line address right after an address cue, without a separator', () => {
    expect(found('Joe had given Kristin his address: 76 Stubben 149', 'STREET_ADDRESS')).toEqual(['76 Stubben 149']);
    expect(found('He scored 76 Points 149 times', 'STREET_ADDRESS')).toEqual([]);
  });
  it('takes a lower-case street confirmed by a town and a postcode or country', () => {
    expect(found("i'd like it sent to orrspelsv 49 marino street\n apt. 934\n lycksele\n cape verde 18938", 'STREET_ADDRESS')).toEqual(['49 marino street\n apt. 934\n lycksele\n cape verde 18938']);
  });
  it('takes a lower-case street line of up to three words confirmed by a unit line, also after bullets', () => {
    expect(found('anna\n\n18 árpád fejedelem útja 62.\n apt. 139\n mány\n serbia 24072', 'STREET_ADDRESS')).toEqual(['18 árpád fejedelem útja 62.\n apt. 139\n mány\n serbia 24072']);
    expect(found('??? 37 margrethes plads 17\n??? apt. 336\n??? løgstør', 'STREET_ADDRESS')).toEqual(['37 margrethes plads 17\n??? apt. 336\n??? løgstør']);
    expect(found('see page 12 room 4 for the answer', 'STREET_ADDRESS')).toEqual([]);
  });
  it('takes a postal code named as such', () => {
    expect(found('My zip code is 35649', 'STREET_ADDRESS')).toEqual(['35649']);
    expect(found('Postcode: SW1A 1AA', 'STREET_ADDRESS')).toEqual(['SW1A 1AA']);
    expect(found('The code is 35649', 'STREET_ADDRESS')).toEqual([]);
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
    // "the corner of" names the place: it is part of the address.
    expect(found('Meet me at the corner of 69 Spencer Street and Maclean Street.', 'STREET_ADDRESS')).toEqual(['the corner of 69 Spencer Street and Maclean Street']);
    expect(found('at the corner of Ilichova 50 and Salcido Street', 'STREET_ADDRESS')).toEqual(['the corner of Ilichova 50 and Salcido Street']);
    expect(found('the corner of hochstrasse 63 and henriksen street', 'STREET_ADDRESS')).toEqual(['the corner of hochstrasse 63 and henriksen street']);
    expect(found('Meet me on Corner of Main Street and Elm Street', 'STREET_ADDRESS')).toEqual(['Corner of Main Street and Elm Street']);
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

describe('STREET_ADDRESS without an English street word', () => {
  it('finds German, Spanish, French, Italian, Dutch, Scandinavian and Polish forms with their place block', () => {
    expect(found('Please send it to Am Jägerhof 77a, 40213 Düsseldorf.', 'STREET_ADDRESS')).toEqual(['Am Jägerhof 77a, 40213 Düsseldorf']);
    expect(found('Deliver to Calle Mayor 5, Madrid.', 'STREET_ADDRESS')).toEqual(['Calle Mayor 5, Madrid']);
    expect(found('Ship to Rue de Rivoli 12 tomorrow', 'STREET_ADDRESS')).toEqual(['Rue de Rivoli 12']);
    expect(found('She lives at Via Roma 3', 'STREET_ADDRESS')).toEqual(['Via Roma 3']);
    expect(found('Address: Hauptstraße 5', 'STREET_ADDRESS')).toEqual(['Hauptstraße 5']);
    expect(found('My address is Keizersgracht 123, Amsterdam', 'STREET_ADDRESS')).toEqual(['Keizersgracht 123, Amsterdam']);
    expect(found('Skickas till Storgatan 12, 114 51 Stockholm', 'STREET_ADDRESS')).toEqual(['Storgatan 12, 114 51 Stockholm']);
    expect(found('Bor i Karl Johans gate 22', 'STREET_ADDRESS')).toEqual(['Karl Johans gate 22']);
    expect(found('ul. Marszałkowska 10, 00-590 Warszawa', 'STREET_ADDRESS')).toEqual(['ul. Marszałkowska 10, 00-590 Warszawa']);
    expect(found('An der Alster 5, Hamburg', 'STREET_ADDRESS')).toEqual(['An der Alster 5, Hamburg']);
  });
  it('takes the place block across bulleted lines', () => {
    expect(found('* 09 Avenue des Sartiaux 318\n* Apt. 580\n* Wijchmaal\n* Guyana 41886', 'STREET_ADDRESS')).toEqual(['09 Avenue des Sartiaux 318\n* Apt. 580\n* Wijchmaal\n* Guyana 41886']);
  });
  it('does not read lower-case "am" or a sentence with numbers as a street', () => {
    expect(found('I am Peter 5 years ago', 'STREET_ADDRESS')).toEqual([]);
    expect(found('I am 5 years old and in grade 3', 'STREET_ADDRESS')).toEqual([]);
    expect(found('We will go at 5 and come back at 7', 'STREET_ADDRESS')).toEqual([]);
  });
});

describe('STREET_ADDRESS: linear time', () => {
  const recognizer = createStreetAddressRecognizer();
  const fastestMs = (text: (run: number) => string): number => fastestOf((run) => recognizer.analyze(text(run), { language: 'en' }), 5);
  const repeatTo = (unit: string, size: number, run: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size - 1) + String(run);
  // Runs of blanks between numbers, capitalised words, unit words, codes and street words: each blank run once made the
  // city/postcode tail try every split of it (2.2 s at 40 blanks, minutes at 80).
  const blanks = ' '.repeat(40);
  const units = [
    `12 Main St${blanks}Apt${blanks}1${blanks}Ab${blanks}Cd${blanks}Ef${blanks}AB${blanks}`,
    `12 Main Street${blanks}Ab${blanks}Ab${blanks}Ab${blanks}Ab${blanks}`,
    `1${blanks}2${blanks}Ab${blanks}Ab${blanks}1${blanks}\n${blanks}Ab${blanks}Ab${blanks}`,
    '1  Ab  Street  ,  \n',
    '12 Main  ',
    '1 ',
    'Street 1 ',
    '1 Rue ',
    'Am Hof 5, ',
    'Hauptstrasse 1\n',
    '1\n',
    // Lower-case numbered lines and "<Name> and <street> <number>" intersections.
    'abc def 12, ',
    'abc 1\nxyz\n',
    'at Ab and Cd 1 ',
    ': Ab and ',
  ];

  it('the polynomial blank-run case finishes at once', () => {
    const text = `12 Main St${' '.repeat(80)}Apt${' '.repeat(80)}1${' '.repeat(80)}Ab${' '.repeat(80)}Cd${' '.repeat(80)}Ef${' '.repeat(80)}AB${' '.repeat(80)}x`;
    expect(fastestMs(() => text)).toBeLessThan(20 * LOADED_MACHINE_MARGIN);
  });

  it.each(units)('100 KB of %j: under 100 ms and linear from 25 KB', (unit) => {
    fastestMs((run) => repeatTo(unit, 10_000, run));
    const quarter = fastestMs((run) => repeatTo(unit, 25_000, run));
    const full = fastestMs((run) => repeatTo(unit, 100_000, run));
    expect(full).toBeLessThan(100 * LOADED_MACHINE_MARGIN);
    // 4x for linear work, 16x for quadratic; the constant absorbs timer and GC noise on runs of a few ms.
    expect(full).toBeLessThan(MAX_RATIO * quarter + NOISE_MS);
  });
});

describe('STREET_ADDRESS: town and region code after the unit', () => {
  it('takes "Calgary AB" after a unit even when the sentence goes on', () => {
    expect(found('The letter arrived at 4589 40th Street Suite 603 Calgary AB last night.', 'STREET_ADDRESS')).toEqual(['4589 40th Street Suite 603 Calgary AB']);
    expect(found('It is at 123 Main Street The office opens at 9', 'STREET_ADDRESS')).toEqual(['123 Main Street']);
  });
});

describe('STREET_ADDRESS: numbered lines after an address cue, other scripts, corners', () => {
  it('takes "<number> <name> <number>, <town>" after words that announce an address', () => {
    expect(found('Jerry lives at 19 Sokolská 1475, Hrotovice', 'STREET_ADDRESS')).toEqual(['19 Sokolská 1475, Hrotovice']);
    expect(found('My new address is 11 Paso Rivero 7301, Tomas Gomensoro', 'STREET_ADDRESS')).toEqual(['11 Paso Rivero 7301, Tomas Gomensoro']);
    // Without the cue (or the place block) a numbered capitalised phrase is not an address.
    expect(found('We read 19 Sokolská 1475, Hrotovice', 'STREET_ADDRESS')).toEqual([]);
    expect(found('He lives at 5 and works at 7', 'STREET_ADDRESS')).toEqual([]);
  });
  it('knows Greek and Cyrillic street words', () => {
    expect(found('Adresse: ул. Ленина 5, Москва', 'STREET_ADDRESS')).toEqual(['ул. Ленина 5, Москва']);
    expect(found('Please return to Λεωφόρος Β. Αλεξάνδρου 189 in case of an issue.', 'STREET_ADDRESS')).toEqual(['Λεωφόρος Β. Αλεξάνδρου 189']);
  });
  it('joins "<at|to> <Name> and <street>" as a street corner', () => {
    expect(found('Please return to Malou and Λεωφόρος Β. Αλεξάνδρου 189 today', 'STREET_ADDRESS')).toEqual(['Malou and Λεωφόρος Β. Αλεξάνδρου 189']);
    expect(found('Tom and Jerry live at 12 Main Street', 'STREET_ADDRESS')).toEqual(['12 Main Street']);
  });
});

describe('STREET_ADDRESS: streets without a street word in lower-case blocks and intersections', () => {
  it('takes "<Name> and <Street> <number>" after "at"/"to", a colon or a line break as one intersection', () => {
    expect(found('The parcel went to Marta and Lindenhof 14 yesterday.', 'STREET_ADDRESS')).toEqual(['Marta and Lindenhof 14']);
    expect(found('Acme Ltd\n\nOskar and Kirchplatzl 7', 'STREET_ADDRESS')).toEqual(['Oskar and Kirchplatzl 7']);
    expect(found('Both addresses are the same: Greta and Via Garibaldi 9', 'STREET_ADDRESS')).toEqual(['Greta and Via Garibaldi 9']);
    expect(found('Both addresses are the same: Greta and 1020 52nd Street', 'STREET_ADDRESS')).toEqual(['Greta and 1020 52nd Street']);
  });
  it('does not take counted things or ordinary sentences with numbers for an intersection', () => {
    expect(found('We looked at Tom and Jerry 3 times', 'STREET_ADDRESS')).toEqual([]);
    expect(found('see page 12 of 30, room 4 and table 7', 'STREET_ADDRESS')).toEqual([]);
    expect(found('Version 2 and 3 are out, see Notes and Fixes', 'STREET_ADDRESS')).toEqual([]);
    expect(found('I have 3 kids and 2 dogs', 'STREET_ADDRESS')).toEqual([]);
  });
  it('takes a lower-case "<name> <number>" line when a lower-case place block confirms it', () => {
    expect(found('mr. ola berg apt. 12 41 lindvik 3\nhamnvik nan 55310', 'STREET_ADDRESS')).toEqual(['apt. 12 41 lindvik 3\nhamnvik nan 55310']);
    expect(found('send it to bergby 18\nveldhoven\nnetherlands 5504', 'STREET_ADDRESS')).toEqual(['bergby 18\nveldhoven\nnetherlands 5504']);
  });
  it('does not take lower-case numbers in sentences, or a lower-case line before capitalised places', () => {
    expect(found('i have 3 kids and 2 dogs, paris, france 75001', 'STREET_ADDRESS')).toEqual([]);
    expect(found('we bought apples 12, London, UK', 'STREET_ADDRESS')).toEqual([]);
    expect(found('page 12 of 30\nchapter 4, part 2', 'STREET_ADDRESS')).toEqual([]);
    expect(found('ran 5 km, then 3 km\nhome', 'STREET_ADDRESS')).toEqual([]);
  });
  it('reads ordinal street names, Galician "rúa", post-office boxes in other languages and the full name of China', () => {
    expect(found('Meet me at 1020 52nd Street', 'STREET_ADDRESS')).toEqual(['1020 52nd Street']);
    expect(found('ms. ana souto 12 rúa do sol 4\nlugo se 27001', 'STREET_ADDRESS')).toEqual(['12 rúa do sol 4\nlugo se 27001']);
    expect(found('Bitte an Postfach 1234 senden', 'STREET_ADDRESS')).toEqual(['Postfach 1234']);
    expect(found('Wir wohnen am Max-Planck-Platz 12, Dorfen', 'STREET_ADDRESS')).toEqual(['Max-Planck-Platz 12, Dorfen']);
    expect(found('Die Max-Planck-Gesellschaft 2024 hat', 'STREET_ADDRESS')).toEqual([]);
    expect(found('Apartado de Correos 55, Sevilla', 'STREET_ADDRESS')).toEqual(['Apartado de Correos 55, Sevilla']);
    expect(found("12 Hafenweg 3\n Apt. 4\n Lindau\n People's Republic of China 10010", 'STREET_ADDRESS')).toEqual([
      "12 Hafenweg 3\n Apt. 4\n Lindau\n People's Republic of China 10010",
    ]);
  });
});
